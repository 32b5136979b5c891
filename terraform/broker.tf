# RabbitMQ on Amazon MQ: a three-node cluster across AZs by default, one instance for staging
# (mq_deployment_mode). Clients connect with AMQPS on 5671 (publicly trusted certificate).
resource "aws_mq_broker" "main" {
  broker_name                = local.prefix
  engine_type                = "RabbitMQ"
  engine_version             = var.mq_engine_version
  host_instance_type         = var.mq_instance_type
  deployment_mode            = var.mq_deployment_mode
  publicly_accessible        = false
  auto_minor_version_upgrade = true
  subnet_ids                 = var.mq_deployment_mode == "SINGLE_INSTANCE" ? [local.private_subnet_ids[0]] : local.private_subnet_ids
  security_groups            = [aws_security_group.broker.id]

  user {
    username = var.mq_username
    password = local.broker_password
  }

  logs {
    general = true
  }

  maintenance_window_start_time {
    day_of_week = "SUNDAY"
    time_of_day = "19:00"
    time_zone   = "UTC"
  }
}
