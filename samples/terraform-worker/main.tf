terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

locals {
  name      = "orders-worker-${var.environment}"
  is_prod   = var.environment == "prod"
  log_group = "/aws/lambda/${local.name}"
  tags = {
    service     = "orders"
    environment = var.environment
  }
}

resource "aws_kms_key" "data" {
  description         = "Key for ${local.name} data"
  enable_key_rotation = true
  tags                = local.tags
}

# The bucket and its settings are separate resources in Terraform; Demarc's S3 checks follow them to the bucket.
resource "aws_s3_bucket" "exports" {
  bucket = "${local.name}-exports"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id
  versioning_configuration {
    status = local.is_prod ? "Enabled" : "Suspended"
  }
}

resource "aws_sqs_queue" "orders" {
  name                      = "${local.name}-orders"
  message_retention_seconds = var.retention_days * 86400
  # No sqs_managed_sse_enabled and no KMS key: a finding for the customer's encryption duty.
  sqs_managed_sse_enabled = false
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "worker" {
  statement {
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.orders.arn]
  }
  statement {
    # Too broad on purpose: the IAM checks read policy documents built with data sources.
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.name}-role"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

resource "aws_cloudwatch_log_group" "worker" {
  name              = local.log_group
  retention_in_days = var.retention_days
  kms_key_id        = aws_kms_key.data.arn
}

resource "aws_lambda_function" "worker" {
  count         = var.worker_count
  function_name = "${local.name}-${count.index}"
  role          = aws_iam_role.worker.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/worker.zip"
  kms_key_arn   = aws_kms_key.data.arn
  environment {
    variables = {
      QUEUE_URL = aws_sqs_queue.orders.url
      BUCKET    = aws_s3_bucket.exports.bucket
    }
  }
  tracing_config {
    mode = "Active"
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  count            = var.worker_count
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.worker[count.index].arn
}
