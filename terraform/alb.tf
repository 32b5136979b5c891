resource "aws_lb" "main" {
  name                       = local.prefix
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = local.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  idle_timeout               = 60 # the app's keep-alive timeout (65 s) stays above it
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection
}

resource "aws_lb_target_group" "api" {
  name        = local.prefix
  port        = local.app_port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc_id

  load_balancing_algorithm_type = "round_robin"
  deregistration_delay          = local.deregistration_delay_seconds

  stickiness {
    type    = "lb_cookie"
    enabled = false
  }

  # Readiness: 503 while a dependency is down or the task is shutting down.
  health_check {
    path                = "/health"
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.main.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.main.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

# Prometheus scrapes the tasks inside the VPC (METRICS_PORT); from outside /metrics is refused.
resource "aws_lb_listener_rule" "metrics_forbidden" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/metrics", "/metrics/*"]
    }
  }

  action {
    type = "fixed-response"
    fixed_response {
      status_code  = "403"
      content_type = "application/json"
      message_body = jsonencode({ error = { code = "INSUFFICIENT_PERMISSIONS", message = "/metrics is not served through the load balancer" } })
    }
  }
}
