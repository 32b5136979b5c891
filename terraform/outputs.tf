output "load_balancer_dns_name" {
  description = "Point the API's DNS name (CNAME / alias) here."
  value       = aws_lb.main.dns_name
}

output "ecr_repository_url" {
  description = "docker push target of the API image."
  value       = aws_ecr_repository.api.repository_url
}

output "cluster_name" {
  value = aws_ecs_cluster.main.name
}

output "service_name" {
  value = aws_ecs_service.api.name
}

output "task_definition_family" {
  value = aws_ecs_task_definition.api.family
}

output "private_subnet_ids" {
  description = "For one-off tasks (aws ecs run-task)."
  value       = local.private_subnet_ids
}

output "task_security_group_id" {
  description = "For one-off tasks (aws ecs run-task)."
  value       = aws_security_group.tasks.id
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.api.name
}

output "database_address" {
  value = aws_db_instance.main.address
}

output "jwt_private_key_secret_arn" {
  description = "Put the PEM private key here before the service starts (README.md)."
  value       = aws_secretsmanager_secret.jwt_private_key.arn
}

output "jwt_public_key_secret_arn" {
  description = "Put the PEM public key(s) here before the service starts (README.md)."
  value       = aws_secretsmanager_secret.jwt_public_key.arn
}

output "superadmin_password_secret_arn" {
  value = one(aws_secretsmanager_secret.superadmin_password[*].arn)
}
