# The order-history purge (`node dist/src/cli/purge-history.js`) runs daily as a one-off task of
# the API's task definition (same image, settings and secrets) with its command replaced.
resource "aws_cloudwatch_event_rule" "purge" {
  name                = "${local.prefix}-history-purge"
  description         = "Purges order history older than HISTORY_RETENTION_DAYS"
  schedule_expression = var.purge_schedule
}

resource "aws_cloudwatch_event_target" "purge" {
  rule     = aws_cloudwatch_event_rule.purge.name
  arn      = aws_ecs_cluster.main.arn
  role_arn = aws_iam_role.scheduler.arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.api.arn
    launch_type         = "FARGATE"
    platform_version    = "1.4.0"
    task_count          = 1

    network_configuration {
      subnets          = local.private_subnet_ids
      security_groups  = [aws_security_group.tasks.id]
      assign_public_ip = false
    }
  }

  input = jsonencode({
    containerOverrides = [{
      name    = local.container_name
      command = ["node", "dist/src/cli/purge-history.js"]
    }]
  })
}
