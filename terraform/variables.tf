# Everything site-specific is a variable; one environment per apply (a tfvars file each).

variable "name" {
  description = "Prefix of every resource name (letters, digits, hyphens)."
  type        = string
  default     = "table-order"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name: 2-21 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (production, staging, ...), used in names and tags."
  type        = string
  default     = "production"
}

variable "aws_region" {
  description = "AWS region of the whole environment."
  type        = string
  default     = "ap-northeast-2"
}

# --- network ---------------------------------------------------------------------------------

variable "vpc_id" {
  description = "An existing VPC to deploy into; null creates a new VPC."
  type        = string
  default     = null
}

variable "public_subnet_ids" {
  description = "With vpc_id: public subnets (two AZs at least) for the load balancer."
  type        = list(string)
  default     = []
}

variable "private_subnet_ids" {
  description = "With vpc_id: private subnets (two AZs at least) for tasks, databases and EFS."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "CIDR of the VPC created when vpc_id is null."
  type        = string
  default     = "10.40.0.0/16"
}

variable "availability_zone_count" {
  description = "AZs the created VPC spans (two at least)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2
    error_message = "availability_zone_count must be 2 or more."
  }
}

# --- load balancer ---------------------------------------------------------------------------

variable "certificate_arn" {
  description = "ACM certificate ARN for the HTTPS listener (in aws_region)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "alb_deletion_protection" {
  description = "Protect the load balancer from deletion (turn off before destroy)."
  type        = bool
  default     = true
}

# --- service ---------------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the API image in the ECR repository this configuration creates."
  type        = string
}

variable "task_cpu" {
  description = "Fargate task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Fargate task memory in MiB."
  type        = number
  default     = 2048
}

variable "min_tasks" {
  description = "Fewest running tasks (two keeps one per AZ)."
  type        = number
  default     = 2

  validation {
    condition     = var.min_tasks >= 1
    error_message = "min_tasks must be 1 or more."
  }
}

variable "max_tasks" {
  description = "Most running tasks the autoscaler may start."
  type        = number
  default     = 6

  validation {
    condition     = var.max_tasks >= var.min_tasks
    error_message = "max_tasks must be at least min_tasks."
  }
}

variable "cpu_target_percent" {
  description = "Target average CPU utilisation of the service (target tracking)."
  type        = number
  default     = 60
}

variable "requests_per_target" {
  description = "Target ALBRequestCountPerTarget (requests per task per minute)."
  type        = number
  default     = 3000
}

variable "shutdown_drain_delay_seconds" {
  description = "SHUTDOWN_DRAIN_DELAY_SECONDS: after SIGTERM the task keeps serving (Connection: close) this long."
  type        = number
  default     = 5
}

variable "shutdown_timeout_seconds" {
  description = "SHUTDOWN_TIMEOUT_SECONDS: in-flight requests get this long to finish after the drain."
  type        = number
  default     = 30
}

variable "stop_timeout_margin_seconds" {
  description = "Seconds beyond drain + shutdown timeout before ECS sends SIGKILL: the app's 10 s to close its connections, plus 5."
  type        = number
  default     = 15

  validation {
    condition     = var.stop_timeout_margin_seconds > 10
    error_message = "stop_timeout_margin_seconds must exceed the 10 s the app takes at most to close its connections."
  }
}

variable "cors_origins" {
  description = "CORS_ORIGINS: browser origins of the customer tablet, store admin and superadmin apps."
  type        = list(string)

  validation {
    condition     = length(var.cors_origins) > 0 && alltrue([for o in var.cors_origins : can(regex("^https?://", o))])
    error_message = "cors_origins: one origin at least, each http(s)://host[:port]."
  }
}

variable "trust_proxy" {
  description = "TRUST_PROXY: the ALB is the one proxy in front of the tasks, so one hop."
  type        = string
  default     = "1"
}

variable "metrics_port" {
  description = "METRICS_PORT: /metrics on an internal port for Prometheus inside the VPC; the ALB never routes to it."
  type        = number
  default     = 9100
}

variable "metrics_scraper_cidrs" {
  description = "Private CIDRs of a Prometheus allowed to scrape METRICS_PORT (empty: nobody)."
  type        = list(string)
  default     = []

  # The only rule that takes CIDRs from a variable: it must never open the tasks to the internet.
  validation {
    condition     = alltrue([for cidr in var.metrics_scraper_cidrs : can(cidrhost(cidr, 0)) && can(regex("^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.)", cidr))])
    error_message = "metrics_scraper_cidrs: private IPv4 CIDRs only (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)."
  }
}

variable "log_level" {
  description = "LOG_LEVEL of the API."
  type        = string
  default     = "info"
}

variable "log_retention_days" {
  description = "CloudWatch log retention in days."
  type        = number
  default     = 30
}

variable "store_timezone" {
  description = "STORE_TIMEZONE: business day of order numbers and history filters."
  type        = string
  default     = "Asia/Seoul"
}

variable "superadmin_username" {
  description = "SUPERADMIN_USERNAME; its password is the superadmin secret (null: no superadmin)."
  type        = string
  default     = null
}

# --- history purge ---------------------------------------------------------------------------

variable "history_retention_days" {
  description = "HISTORY_RETENTION_DAYS: order history older than this is purged."
  type        = number
  default     = 365
}

variable "purge_schedule" {
  description = "EventBridge schedule of the history purge task (UTC; default 03:30 in Seoul)."
  type        = string
  default     = "cron(30 18 * * ? *)"
}

# --- PostgreSQL (RDS) ------------------------------------------------------------------------

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_engine_version" {
  description = "PostgreSQL major version (RDS picks the newest minor)."
  type        = string
  default     = "16"
}

variable "db_allocated_storage_gb" {
  description = "Initial storage (gp3), grows automatically up to db_max_allocated_storage_gb."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling."
  type        = number
  default     = 100
}

variable "db_name" {
  description = "Database name."
  type        = string
  default     = "table_order"
}

variable "db_username" {
  description = "Database master user the API connects as."
  type        = string
  default     = "table_order"
}

variable "db_max_connections" {
  description = "PostgreSQL max_connections (parameter group)."
  type        = number
  default     = 400
}

variable "db_pool_max" {
  description = "DB_POOL_MAX per task: 2 x max_tasks (a deploy runs old and new tasks) x db_pool_max + headroom must fit db_max_connections."
  type        = number
  default     = 25
}

variable "db_backup_retention_days" {
  description = "Automated backup retention (point-in-time restore window)."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 7
    error_message = "db_backup_retention_days must be 7 or more."
  }
}

variable "db_deletion_protection" {
  description = "Protect the database from deletion (turn off before destroy)."
  type        = bool
  default     = true
}

# --- Redis (ElastiCache) ---------------------------------------------------------------------

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_engine_version" {
  description = "Redis engine version."
  type        = string
  default     = "7.1"
}

variable "redis_replicas" {
  description = "Read replicas beside the primary (one at least for automatic failover)."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_replicas >= 1
    error_message = "redis_replicas must be 1 or more (automatic failover needs a replica)."
  }
}

# --- RabbitMQ (Amazon MQ) --------------------------------------------------------------------

variable "mq_deployment_mode" {
  description = "CLUSTER_MULTI_AZ (three nodes, production) or SINGLE_INSTANCE (staging)."
  type        = string
  default     = "CLUSTER_MULTI_AZ"

  validation {
    condition     = contains(["CLUSTER_MULTI_AZ", "SINGLE_INSTANCE"], var.mq_deployment_mode)
    error_message = "mq_deployment_mode must be CLUSTER_MULTI_AZ or SINGLE_INSTANCE."
  }
}

variable "mq_instance_type" {
  description = "Amazon MQ broker instance type (clusters need mq.m5.large or larger)."
  type        = string
  default     = "mq.m5.large"
}

variable "mq_engine_version" {
  description = "RabbitMQ engine version."
  type        = string
  default     = "3.13"
}

variable "mq_username" {
  description = "Broker user the API connects as."
  type        = string
  default     = "table_order"
}
