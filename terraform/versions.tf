terraform {
  # 1.6+: validation blocks that reference other variables, check blocks and `terraform test`.
  required_version = ">= 1.6.0, < 2.0.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # State holds the database and broker passwords: keep it in an encrypted, versioned S3 bucket
  # (see README.md, "State"). Configure with `terraform init -backend-config=backend.hcl`.
  backend "s3" {}
}
