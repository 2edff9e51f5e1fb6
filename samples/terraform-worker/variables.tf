# A queue worker written in Terraform: the same services, obligations and check ids as the CloudFormation samples.
# Scan it with `demarc scan samples/terraform-worker` (no terraform binary, no credentials: the .tf files are read
# statically) or with `-p environment=dev` to see how variables change the findings.

variable "environment" {
  type        = string
  description = "Deployment stage."
  default     = "prod"
}

variable "retention_days" {
  type    = number
  default = 30
}

variable "worker_count" {
  type    = number
  default = 2
}
