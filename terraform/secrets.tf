# Secrets reach the task only through the task definition's `secrets` (Secrets Manager ARNs),
# never as plain environment values.
#
# The database and broker passwords are generated here once (Secrets Manager's generator; the
# value is kept from the first apply on: ignore_changes) and handed to RDS / Amazon MQ, so they
# are in the state: keep the state bucket encrypted and private (README.md).
#
# The JWT key pair and the superadmin password are never known to Terraform: it creates empty
# secrets and the operator puts the values (README.md, "First apply"), so the private key is in
# no state file and no plan.

data "aws_secretsmanager_random_password" "database" {
  password_length     = 32
  exclude_punctuation = true
}

data "aws_secretsmanager_random_password" "broker" {
  password_length     = 32
  exclude_punctuation = true # Amazon MQ refuses , : = in passwords
}

resource "aws_secretsmanager_secret" "database" {
  name                    = "${local.prefix}/database-password"
  description             = "Password of the PostgreSQL user (DATABASE_PASSWORD)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "database" {
  secret_id     = aws_secretsmanager_secret.database.id
  secret_string = jsonencode({ username = var.db_username, password = data.aws_secretsmanager_random_password.database.random_password })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret" "broker" {
  name                    = "${local.prefix}/broker-password"
  description             = "Password of the RabbitMQ user (RABBITMQ_PASSWORD)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "broker" {
  secret_id     = aws_secretsmanager_secret.broker.id
  secret_string = jsonencode({ username = var.mq_username, password = data.aws_secretsmanager_random_password.broker.random_password })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

resource "aws_secretsmanager_secret" "jwt_private_key" {
  name                    = "${local.prefix}/jwt-private-key"
  description             = "RS256 signing key, PEM (JWT_PRIVATE_KEY); put by the operator"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret" "jwt_public_key" {
  name                    = "${local.prefix}/jwt-public-key"
  description             = "RS256 verification keys, PEM: the current one, then any previous ones during a rotation (JWT_PUBLIC_KEY); put by the operator"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret" "superadmin_password" {
  count                   = var.superadmin_username == null ? 0 : 1
  name                    = "${local.prefix}/superadmin-password"
  description             = "SUPERADMIN_PASSWORD; put by the operator"
  recovery_window_in_days = 7
}

locals {
  database_password = jsondecode(aws_secretsmanager_secret_version.database.secret_string).password
  broker_password   = jsondecode(aws_secretsmanager_secret_version.broker.secret_string).password

  # name -> valueFrom of the container's `secrets`.
  task_secrets = merge(
    {
      DATABASE_PASSWORD = "${aws_secretsmanager_secret.database.arn}:password::"
      RABBITMQ_PASSWORD = "${aws_secretsmanager_secret.broker.arn}:password::"
      JWT_PRIVATE_KEY   = aws_secretsmanager_secret.jwt_private_key.arn
      JWT_PUBLIC_KEY    = aws_secretsmanager_secret.jwt_public_key.arn
    },
    var.superadmin_username == null ? {} : { SUPERADMIN_PASSWORD = aws_secretsmanager_secret.superadmin_password[0].arn },
  )

  secret_arns = concat(
    [
      aws_secretsmanager_secret.database.arn,
      aws_secretsmanager_secret.broker.arn,
      aws_secretsmanager_secret.jwt_private_key.arn,
      aws_secretsmanager_secret.jwt_public_key.arn,
    ],
    aws_secretsmanager_secret.superadmin_password[*].arn,
  )
}
