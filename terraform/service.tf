resource "aws_ecs_cluster" "main" {
  name = local.prefix

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

locals {
  image = "${aws_ecr_repository.api.repository_url}:${var.image_tag}"

  # net.ipv4.tcp_wmem of the task: min, default and max send buffer per connection (bytes).
  tcp_send_buffer_bytes = "4096 16384 524288"

  # Plain settings (no secret in here: passwords and keys come from `secrets`).
  task_environment = merge(
    {
      NODE_ENV                     = "production"
      PORT                         = tostring(local.app_port)
      HOST                         = "0.0.0.0"
      TRUST_PROXY                  = var.trust_proxy
      METRICS_PORT                 = tostring(var.metrics_port)
      CORS_ORIGINS                 = join(",", var.cors_origins)
      LOG_LEVEL                    = var.log_level
      DATABASE_URL                 = "postgres://${var.db_username}@${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=verify-full"
      NODE_EXTRA_CA_CERTS          = local.rds_ca_bundle
      DB_POOL_MAX                  = tostring(var.db_pool_max)
      DB_MIGRATIONS_RUN            = "true"
      REDIS_URL                    = "rediss://${aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
      RABBITMQ_URL                 = "amqps://${var.mq_username}@${trimprefix(aws_mq_broker.main.instances[0].endpoints[0], "amqps://")}"
      UPLOAD_DIR                   = local.upload_dir
      UPLOAD_TMP_DIR               = local.upload_tmp_dir
      SHUTDOWN_DRAIN_DELAY_SECONDS = tostring(var.shutdown_drain_delay_seconds)
      SHUTDOWN_TIMEOUT_SECONDS     = tostring(var.shutdown_timeout_seconds)
      SEED_DEMO                    = "false"
      STORE_TIMEZONE               = var.store_timezone
      HISTORY_RETENTION_DAYS       = tostring(var.history_retention_days)
    },
    var.superadmin_username == null ? {} : { SUPERADMIN_USERNAME = var.superadmin_username },
  )

  container_definition = {
    name      = local.container_name
    image     = local.image
    essential = true

    portMappings = [
      { name = "http", containerPort = local.app_port, protocol = "tcp" },
      { name = "metrics", containerPort = var.metrics_port, protocol = "tcp" },
    ]

    environment = [for key in sort(keys(local.task_environment)) : { name = key, value = local.task_environment[key] }]
    secrets     = [for key in sort(keys(local.task_secrets)) : { name = key, valueFrom = local.task_secrets[key] }]

    # The image is read-only at run time: writable are the EFS upload directory and /tmp
    # (upload staging, task-local ephemeral storage). Production keys come from `secrets`, so
    # /app/.keys is never written here.
    readonlyRootFilesystem = true
    mountPoints = [
      { sourceVolume = "uploads", containerPath = local.upload_dir, readOnly = false },
      { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
    ]

    # Liveness (a dependency outage is the target group's business, via GET /health).
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${local.app_port}/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    # Caps each connection's kernel send buffer at 512 KiB (Linux grows it to 4 MiB): a stream
    # client that stops reading holds at most that in the kernel before the app sees backpressure
    # and cuts it (docs/decisions.md, 'Streams whose clients stop reading').
    systemControls = [{ namespace = "net.ipv4.tcp_wmem", value = local.tcp_send_buffer_bytes }]

    # SIGTERM, then drain delay + shutdown timeout + margin before SIGKILL.
    stopTimeout = local.stop_timeout_seconds

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.api.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = "api"
      }
    }
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = local.prefix
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "uploads"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.uploads.id
      transit_encryption = "ENABLED"
      authorization_config {
        access_point_id = aws_efs_access_point.uploads.id
        iam             = "ENABLED"
      }
    }
  }

  # Task-local ephemeral storage (no host path on Fargate).
  volume {
    name = "tmp"
  }
}

resource "aws_ecs_service" "api" {
  name             = local.prefix
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.api.arn
  launch_type      = "FARGATE"
  platform_version = "1.4.0"
  desired_count    = var.min_tasks

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = local.deployment_maximum_percent
  health_check_grace_period_seconds  = 60

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = local.container_name
    container_port   = local.app_port
  }

  propagate_tags = "SERVICE"

  lifecycle {
    # The autoscaler owns the running count between min_tasks and max_tasks.
    ignore_changes = [desired_count]

    precondition {
      condition     = local.stop_timeout_seconds <= 120
      error_message = "Fargate caps stopTimeout at 120 s: lower the drain delay, shutdown timeout or margin."
    }
    precondition {
      # Every task of a deploy at max_tasks (old and new side by side) at its pool maximum, plus
      # the purge task's pool and 10 for superusers and ops sessions.
      condition     = ceil(var.max_tasks * local.deployment_maximum_percent / 100) * var.db_pool_max + var.db_pool_max + 10 <= var.db_max_connections
      error_message = "Tasks during a deploy x db_pool_max (+ one purge task + 10) exceed db_max_connections."
    }
  }

  depends_on = [aws_lb_listener.https, aws_iam_role_policy.execution_secrets]
}
