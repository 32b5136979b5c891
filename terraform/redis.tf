resource "aws_elasticache_subnet_group" "main" {
  name       = local.prefix
  subnet_ids = local.private_subnet_ids
}

# Cluster mode disabled (the app uses one ioredis client, not Redis Cluster): one primary and
# redis_replicas replicas in other AZs, promoted automatically. TLS in transit: REDIS_URL is
# rediss:// (ElastiCache's certificate is publicly trusted, so Node verifies it as is).
resource "aws_elasticache_replication_group" "main" {
  replication_group_id = local.prefix
  description          = "Table Order API cache, rate limits and stream tickets"
  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  port                 = 6379
  parameter_group_name = "default.redis7"

  num_cache_clusters         = 1 + var.redis_replicas
  automatic_failover_enabled = true
  multi_az_enabled           = true

  transit_encryption_enabled = true
  at_rest_encryption_enabled = true

  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.redis.id]

  snapshot_retention_limit   = 1
  maintenance_window         = "sun:19:00-sun:20:00"
  auto_minor_version_upgrade = true
  apply_immediately          = false
}
