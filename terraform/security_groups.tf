# Only these flows are open: internet -> ALB 80/443, ALB -> tasks 8000, tasks -> RDS 5432,
# Redis 6379, MQ 5671 (AMQPS), EFS 2049 and the VPC endpoints 443 (+ the S3 prefix list for
# image layers). Optionally a private Prometheus -> tasks METRICS_PORT. Nothing else.

resource "aws_security_group" "alb" {
  name        = "${local.prefix}-alb"
  description = "Internet-facing load balancer"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "tasks" {
  name        = "${local.prefix}-tasks"
  description = "API tasks"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "database" {
  name        = "${local.prefix}-database"
  description = "RDS PostgreSQL"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "redis" {
  name        = "${local.prefix}-redis"
  description = "ElastiCache Redis"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "broker" {
  name        = "${local.prefix}-broker"
  description = "Amazon MQ RabbitMQ"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "efs" {
  name        = "${local.prefix}-efs"
  description = "EFS mount targets of the upload directory"
  vpc_id      = local.vpc_id
}

resource "aws_security_group" "endpoints" {
  name        = "${local.prefix}-endpoints"
  description = "VPC interface endpoints (ECR, CloudWatch Logs, Secrets Manager)"
  vpc_id      = local.vpc_id
}

# --- ALB -------------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each          = toset(["0.0.0.0/0", "::/0"])
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.key == "0.0.0.0/0" ? each.key : null
  cidr_ipv6         = each.key == "::/0" ? each.key : null
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each          = toset(["0.0.0.0/0", "::/0"])
  security_group_id = aws_security_group.alb.id
  description       = "HTTP from anywhere (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.key == "0.0.0.0/0" ? each.key : null
  cidr_ipv6         = each.key == "::/0" ? each.key : null
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the API tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.app_port
  to_port                      = local.app_port
  referenced_security_group_id = aws_security_group.tasks.id
}

# --- tasks -----------------------------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "API port from the load balancer only"
  ip_protocol                  = "tcp"
  from_port                    = local.app_port
  to_port                      = local.app_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_ingress_rule" "tasks_metrics" {
  for_each          = toset(var.metrics_scraper_cidrs)
  security_group_id = aws_security_group.tasks.id
  description       = "METRICS_PORT from an internal Prometheus"
  ip_protocol       = "tcp"
  from_port         = var.metrics_port
  to_port           = var.metrics_port
  cidr_ipv4         = each.key
}

locals {
  # Every connection a task opens: the peer's security group and port. Each becomes an egress
  # rule on the tasks' group and the matching ingress rule on the peer's group.
  task_peers = {
    database  = { port = 5432, group = aws_security_group.database.id }
    redis     = { port = 6379, group = aws_security_group.redis.id }
    broker    = { port = 5671, group = aws_security_group.broker.id }
    efs       = { port = 2049, group = aws_security_group.efs.id }
    endpoints = { port = 443, group = aws_security_group.endpoints.id }
  }
}

resource "aws_vpc_security_group_egress_rule" "tasks" {
  for_each                     = local.task_peers
  security_group_id            = aws_security_group.tasks.id
  description                  = "Tasks to ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = each.value.group
}

resource "aws_vpc_security_group_egress_rule" "tasks_s3" {
  security_group_id = aws_security_group.tasks.id
  description       = "Tasks to S3 (ECR image layers) through the gateway endpoint"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
}

# --- what the tasks connect to -----------------------------------------------------------------

resource "aws_vpc_security_group_ingress_rule" "from_tasks" {
  for_each                     = local.task_peers
  security_group_id            = each.value.group
  description                  = "From the API tasks"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.tasks.id
}
