locals {
  prefix = "${var.name}-${var.environment}"

  create_vpc         = var.vpc_id == null
  vpc_id             = local.create_vpc ? aws_vpc.main[0].id : var.vpc_id
  public_subnet_ids  = local.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids
  private_subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
  azs                = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)

  # The app listens on 8000; the ALB targets it there.
  app_port = 8000

  # After SIGTERM: the drain delay, then up to the shutdown timeout for in-flight requests, then
  # the margin for closing connections; ECS sends SIGKILL only after all three (Fargate max 120).
  stop_timeout_seconds = var.shutdown_drain_delay_seconds + var.shutdown_timeout_seconds + var.stop_timeout_margin_seconds

  # ECS deregisters a stopping task and waits for the target group's draining before SIGTERM:
  # in-flight requests (and SSE streams) get the drain delay plus the in-flight budget there.
  deregistration_delay_seconds = var.shutdown_drain_delay_seconds + var.shutdown_timeout_seconds

  # A rolling deploy starts the new tasks beside the old ones: up to twice the running count.
  deployment_maximum_percent = 200

  container_name = "api"
  upload_dir     = "/app/uploads"
  upload_tmp_dir = "/tmp/table-order-api-uploads"

  # Server certificates of RDS are issued by the RDS CA, which Node does not trust by default;
  # the image carries Amazon's bundle (Dockerfile) and the task points Node at it.
  rds_ca_bundle = "/etc/ssl/certs/rds-global-bundle.pem"
}
