import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', 'terraform');

type Block = Record<string, unknown>;
/** hcl2json's shape: kind -> type -> name -> [body] (resources, data) or name -> [body]. */
interface Hcl {
  resource: Record<string, Record<string, Block[]>>;
  data: Record<string, Record<string, Block[]>>;
  variable: Record<string, Block[]>;
  locals: Block[];
  output: Record<string, Block[]>;
}

/** The configuration as one document, plus each file's raw text. */
async function loadTerraform(): Promise<{ hcl: Hcl; texts: Map<string, string> }> {
  const hcl: Hcl = { resource: {}, data: {}, variable: {}, locals: [], output: {} };
  const texts = new Map<string, string>();
  for (const file of readdirSync(DIR).filter((name) => name.endsWith('.tf'))) {
    const text = readFileSync(join(DIR, file), 'utf8');
    texts.set(file, text);
    const doc = (await parse(file, text)) as Partial<Hcl>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(doc[kind] ?? {})) {
        hcl[kind][type] = { ...hcl[kind][type], ...byName };
      }
    }
    Object.assign(hcl.variable, doc.variable);
    Object.assign(hcl.output, doc.output);
    hcl.locals.push(...(doc.locals ?? []));
  }
  return { hcl, texts };
}

/** Every string anywhere in a parsed value (expressions arrive as "${...}" strings). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** `aws_x.name` references in HCL text: followed by `.attr`, by `[index]` or bare (depends_on). */
const resourceReferences = (text: string): string[] =>
  [...text.matchAll(/(?<![.\w"/:-])(aws_[a-z0-9_]+)\.([a-z0-9_]+)(?![\w(])/g)].map(
    ([, type, name]) => `${type}.${name}`,
  );

/** The first body of a nested block (hcl2json gives blocks as arrays of bodies). */
const only = (value: unknown): Block => (value as Block[])[0];

/**
 * terraform/ cannot be applied here (no AWS); this reads the parsed HCL and checks the facts the
 * deployment requires (docs/decisions.md, 'terraform/: the choices left open'), and that every
 * reference points at something declared.
 */
describe('terraform/', () => {
  let hcl: Hcl;
  let texts: Map<string, string>;
  let locals: Block;
  const resource = (type: string, name: string): Block => {
    const bodies = hcl.resource[type]?.[name];
    expect({ declared: `${type}.${name}`, found: Boolean(bodies) }).toEqual({
      declared: `${type}.${name}`,
      found: true,
    });
    return bodies![0];
  };

  beforeAll(async () => {
    ({ hcl, texts } = await loadTerraform());
    locals = Object.assign({}, ...hcl.locals) as Block;
  });

  it('parses every .tf file, with versions.tf pinning Terraform and the AWS provider', async () => {
    expect(texts.size).toBeGreaterThanOrEqual(10);
    const versions = (await parse('versions.tf', texts.get('versions.tf')!)) as {
      terraform: Block[];
    };
    const terraform = versions.terraform[0];
    expect(terraform.required_version).toMatch(/^>= 1\.\d+\.\d+, < 2\.0\.0$/);
    const providers = only(terraform.required_providers) as {
      aws: { source: string; version: string };
    };
    expect(providers.aws).toEqual({
      source: 'hashicorp/aws',
      version: expect.stringMatching(/^~> 5\.\d+$/),
    });
  });

  it('spreads the VPC over two AZs at least, or takes an existing one', () => {
    expect(only(hcl.variable.availability_zone_count).default).toBe(2);
    expect(strings(only(hcl.variable.availability_zone_count).validation)).toContain(
      '${var.availability_zone_count >= 2}',
    );
    expect(resource('aws_subnet', 'public').count).toContain('var.availability_zone_count');
    expect(resource('aws_subnet', 'private').count).toContain('var.availability_zone_count');
    expect(only(hcl.variable.vpc_id).default).toBeNull();
    expect(locals.vpc_id).toBe('${local.create_vpc ? aws_vpc.main[0].id : var.vpc_id}');
  });

  it('has an internet-facing ALB: HTTPS with the ACM variable, HTTP redirected, idle 60 s', () => {
    const alb = resource('aws_lb', 'main');
    expect(alb).toMatchObject({
      internal: false,
      load_balancer_type: 'application',
      idle_timeout: 60,
    });
    expect(resource('aws_lb_listener', 'https')).toMatchObject({
      port: 443,
      protocol: 'HTTPS',
      certificate_arn: '${var.certificate_arn}',
    });
    const http = resource('aws_lb_listener', 'http');
    expect(http).toMatchObject({ port: 80, protocol: 'HTTP' });
    const action = only(http.default_action);
    expect(action.type).toBe('redirect');
    expect(only(action.redirect)).toEqual({
      protocol: 'HTTPS',
      port: '443',
      status_code: 'HTTP_301',
    });
  });

  it('answers /metrics 403 at the load balancer', () => {
    const rule = resource('aws_lb_listener_rule', 'metrics_forbidden');
    expect(rule.listener_arn).toBe('${aws_lb_listener.https.arn}');
    expect(only(only(rule.condition).path_pattern).values).toContain('/metrics');
    const action = only(rule.action);
    expect(action.type).toBe('fixed-response');
    expect(only(action.fixed_response).status_code).toBe('403');
  });

  it('targets port 8000 with the NFR health check, round robin, no stickiness', () => {
    const group = resource('aws_lb_target_group', 'api');
    expect(locals.app_port).toBe(8000);
    expect(group).toMatchObject({
      port: '${local.app_port}',
      protocol: 'HTTP',
      target_type: 'ip',
      load_balancing_algorithm_type: 'round_robin',
      deregistration_delay: '${local.deregistration_delay_seconds}',
    });
    expect(only(group.stickiness).enabled).toBe(false);
    expect(only(group.health_check)).toMatchObject({
      path: '/health',
      interval: 30,
      timeout: 5,
      healthy_threshold: 2,
      unhealthy_threshold: 3,
    });
  });

  it('matches the deregistration delay and stopTimeout to the drain and shutdown budget', () => {
    expect(locals.deregistration_delay_seconds).toBe(
      '${var.shutdown_drain_delay_seconds + var.shutdown_timeout_seconds}',
    );
    expect(locals.stop_timeout_seconds).toBe(
      '${var.shutdown_drain_delay_seconds + var.shutdown_timeout_seconds + var.stop_timeout_margin_seconds}',
    );
    expect(only(hcl.variable.shutdown_drain_delay_seconds).default).toBe(5);
    expect(only(hcl.variable.shutdown_timeout_seconds).default).toBe(30);
    // The margin covers the app's own deadline for closing its connections after the drain
    // (src/bootstrap/serve.ts), so ECS's SIGKILL never races the app's exit.
    const serve = readFileSync(join(DIR, '..', 'src', 'bootstrap', 'serve.ts'), 'utf8');
    const closeSeconds =
      Number(/const CLOSE_TIMEOUT_MS = ([\d_]+);/.exec(serve)![1].replace('_', '')) / 1000;
    expect(closeSeconds).toBe(10);
    expect(only(hcl.variable.stop_timeout_margin_seconds).default).toBeGreaterThan(closeSeconds);
    expect(strings(only(hcl.variable.stop_timeout_margin_seconds).validation)).toContain(
      `\${var.stop_timeout_margin_seconds > ${closeSeconds}}`,
    );
    const container = locals.container_definition as Block;
    expect(container.stopTimeout).toBe('${local.stop_timeout_seconds}');
  });

  it('caps the kernel send buffer per connection at 512 KiB, the same in Compose', () => {
    const container = locals.container_definition as Block;
    expect(container.systemControls).toEqual([
      { namespace: 'net.ipv4.tcp_wmem', value: '${local.tcp_send_buffer_bytes}' },
    ]);
    const [min, initial, max] = String(locals.tcp_send_buffer_bytes).split(' ').map(Number);
    expect([min, initial, max]).toEqual([4096, 16384, 512 * 1024]);
    const compose = readFileSync(join(DIR, '..', 'docker-compose.yml'), 'utf8');
    expect(compose).toContain(`net.ipv4.tcp_wmem: '${String(locals.tcp_send_buffer_bytes)}'`);
  });

  it('runs the container read-only, with EFS at the upload directory and /health/live as its check', () => {
    const container = locals.container_definition as Block;
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints).toEqual(
      expect.arrayContaining([
        { sourceVolume: 'uploads', containerPath: '${local.upload_dir}', readOnly: false },
      ]),
    );
    expect(locals.upload_dir).toBe('/app/uploads');
    expect(strings(locals.task_environment)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('UPLOAD_DIR                   = local.upload_dir'),
      ]),
    );
    const task = resource('aws_ecs_task_definition', 'api');
    const uploads = (task.volume as Block[]).find((volume) => volume.name === 'uploads')!;
    const efs = only(uploads.efs_volume_configuration);
    expect(efs).toMatchObject({
      file_system_id: '${aws_efs_file_system.uploads.id}',
      transit_encryption: 'ENABLED',
    });
    expect(only(efs.authorization_config).access_point_id).toBe(
      '${aws_efs_access_point.uploads.id}',
    );
    expect(strings((container.healthCheck as Block).command).join(' ')).toContain('/health/live');
    expect(resource('aws_efs_mount_target', 'uploads').count).toBe(
      '${length(local.private_subnet_ids)}',
    );
  });

  it('sets the production environment the app reads', () => {
    const environment = strings(locals.task_environment).join('\n');
    for (const line of [
      'NODE_ENV                     = "production"',
      'TRUST_PROXY                  = var.trust_proxy',
      'METRICS_PORT                 = tostring(var.metrics_port)',
      'CORS_ORIGINS                 = join(",", var.cors_origins)',
      'SHUTDOWN_DRAIN_DELAY_SECONDS = tostring(var.shutdown_drain_delay_seconds)',
      'REDIS_URL                    = "rediss://',
      'RABBITMQ_URL                 = "amqps://',
    ]) {
      expect(environment).toContain(line);
    }
    expect(only(hcl.variable.trust_proxy).default).toBe('1');
  });

  it('passes the database and broker passwords and the JWT key pair as `secrets` only', () => {
    const container = locals.container_definition as Block;
    expect(container.secrets).toBe(
      '${[for key in sort(keys(local.task_secrets)) : { name = key, valueFrom = local.task_secrets[key] }]}',
    );
    const secretNames = strings(locals.task_secrets).join('\n');
    for (const name of [
      'DATABASE_PASSWORD',
      'RABBITMQ_PASSWORD',
      'JWT_PRIVATE_KEY',
      'JWT_PUBLIC_KEY',
    ]) {
      expect(secretNames).toMatch(new RegExp(`\\b${name}\\s+= `));
    }
    const environment = strings(locals.task_environment).join('\n');
    for (const name of ['PASSWORD', 'JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']) {
      expect(environment).not.toMatch(new RegExp(`^\\s*\\w*${name}\\w*\\s*=`, 'm'));
    }
    expect(strings(locals.task_environment).join('\n')).not.toMatch(/password/i);
  });

  it('holds no literal secret in any .tf file', () => {
    for (const [file, text] of texts) {
      expect({ file, privateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) }).toEqual({
        file,
        privateKey: false,
      });
      expect({ file, accessKey: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/.test(text) }).toEqual({
        file,
        accessKey: false,
      });
      // Every password / secret_string / auth_token argument is an expression, never a literal
      // (a quoted string with no interpolation).
      for (const match of text.matchAll(
        /^\s*(\w*(?:password|secret_string|auth_token)\w*)\s*=\s*(.+)$/gim,
      )) {
        expect({ file, argument: match[1], literal: /^"[^$]*"$/.test(match[2].trim()) }).toEqual({
          file,
          argument: match[1],
          literal: false,
        });
      }
    }
  });

  it('opens no security group to the internet except the ALB on 80 and 443', () => {
    expect(Object.keys(hcl.resource).filter((type) => type === 'aws_security_group_rule')).toEqual(
      [],
    );
    for (const [name, [group]] of Object.entries(hcl.resource.aws_security_group)) {
      expect({ name, inline: [group.ingress, group.egress].filter(Boolean) }).toEqual({
        name,
        inline: [],
      });
    }
    const open: string[] = [];
    for (const kind of [
      'aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_egress_rule',
    ]) {
      for (const [name, [rule]] of Object.entries(hcl.resource[kind] ?? {})) {
        if (!strings(rule).some((value) => value.includes('0.0.0.0/0') || value.includes('::/0')))
          continue;
        open.push(
          `${kind}.${name} ${String(rule.security_group_id)} ${String(rule.from_port)}-${String(rule.to_port)}`,
        );
      }
    }
    expect(open.sort()).toEqual([
      'aws_vpc_security_group_ingress_rule.alb_http ${aws_security_group.alb.id} 80-80',
      'aws_vpc_security_group_ingress_rule.alb_https ${aws_security_group.alb.id} 443-443',
    ]);
    expect(resource('aws_vpc_security_group_ingress_rule', 'tasks_from_alb')).toMatchObject({
      security_group_id: '${aws_security_group.tasks.id}',
      referenced_security_group_id: '${aws_security_group.alb.id}',
      from_port: '${local.app_port}',
    });
    expect(
      resource('aws_vpc_security_group_egress_rule', 'alb_to_tasks').referenced_security_group_id,
    ).toBe('${aws_security_group.tasks.id}');
    const peers = strings(locals.task_peers).join('\n');
    for (const peer of ['database', 'redis', 'broker', 'efs'])
      expect(peers).toContain(`aws_security_group.${peer}.id`);
  });

  it('runs Fargate tasks in private subnets with a rolling circuit breaker and autoscaling', () => {
    const service = resource('aws_ecs_service', 'api');
    expect(service.launch_type).toBe('FARGATE');
    expect(only(service.network_configuration)).toMatchObject({
      subnets: '${local.private_subnet_ids}',
      assign_public_ip: false,
    });
    expect(only(service.deployment_circuit_breaker)).toEqual({ enable: true, rollback: true });
    expect(resource('aws_appautoscaling_target', 'api')).toMatchObject({
      min_capacity: '${var.min_tasks}',
      max_capacity: '${var.max_tasks}',
    });
    const metric = (name: string) =>
      only(
        only(
          resource('aws_appautoscaling_policy', name).target_tracking_scaling_policy_configuration,
        ).predefined_metric_specification,
      ).predefined_metric_type;
    expect([metric('cpu'), metric('requests')]).toEqual([
      'ECSServiceAverageCPUUtilization',
      'ALBRequestCountPerTarget',
    ]);
  });

  it('keeps PostgreSQL Multi-AZ, encrypted, backed up 7 days, protected, with slow statements logged', () => {
    const db = resource('aws_db_instance', 'main');
    expect(db).toMatchObject({
      engine: 'postgres',
      multi_az: true,
      storage_encrypted: true,
      backup_retention_period: '${var.db_backup_retention_days}',
      deletion_protection: '${var.db_deletion_protection}',
      performance_insights_enabled: true,
      publicly_accessible: false,
    });
    expect(only(hcl.variable.db_backup_retention_days).default).toBe(7);
    expect(only(hcl.variable.db_deletion_protection).default).toBe(true);
    const parameters = resource('aws_db_parameter_group', 'main').parameter as Block[];
    expect(parameters).toEqual(
      expect.arrayContaining([{ name: 'log_min_duration_statement', value: '2000' }]),
    );
  });

  it('replicates Redis with automatic failover and TLS, and runs RabbitMQ as a cluster by default', () => {
    expect(resource('aws_elasticache_replication_group', 'main')).toMatchObject({
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      transit_encryption_enabled: true,
      num_cache_clusters: '${1 + var.redis_replicas}',
    });
    expect(resource('aws_mq_broker', 'main')).toMatchObject({
      engine_type: 'RabbitMQ',
      deployment_mode: '${var.mq_deployment_mode}',
      publicly_accessible: false,
    });
    expect(only(hcl.variable.mq_deployment_mode).default).toBe('CLUSTER_MULTI_AZ');
  });

  it('keeps logs with a retention and schedules the history purge as a task', () => {
    expect(resource('aws_cloudwatch_log_group', 'api').retention_in_days).toBe(
      '${var.log_retention_days}',
    );
    expect(resource('aws_cloudwatch_event_rule', 'purge').schedule_expression).toBe(
      '${var.purge_schedule}',
    );
    const target = resource('aws_cloudwatch_event_target', 'purge');
    expect(only(target.ecs_target).task_definition_arn).toBe('${aws_ecs_task_definition.api.arn}');
    expect(target.input).toContain('dist/src/cli/purge-history.js');
  });

  it('references only declared variables, locals, resources and data sources', () => {
    // Comments may name things in prose; every other occurrence is a reference.
    const expressions = [...texts.values()]
      .join('\n')
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, ''))
      .join('\n');
    const declaredLocals = new Set(hcl.locals.flatMap((block) => Object.keys(block)));
    const missing: string[] = [];
    for (const [, name] of expressions.matchAll(/\bvar\.([a-z0-9_]+)/g)) {
      if (!hcl.variable[name]) missing.push(`var.${name}`);
    }
    for (const [, name] of expressions.matchAll(/\blocal\.([a-z0-9_]+)/g)) {
      if (!declaredLocals.has(name)) missing.push(`local.${name}`);
    }
    for (const [, type, name] of expressions.matchAll(/\bdata\.(aws_[a-z0-9_]+)\.([a-z0-9_]+)/g)) {
      if (!hcl.data[type]?.[name]) missing.push(`data.${type}.${name}`);
    }
    expect(
      resourceReferences(
        'a = aws_lb.main.arn\nb = aws_subnet.public[0].id\nc = [aws_iam_role.task]',
      ),
    ).toEqual(['aws_lb.main', 'aws_subnet.public', 'aws_iam_role.task']);
    const references = resourceReferences(expressions);
    for (const reference of references) {
      const [type, name] = reference.split('.');
      if (!hcl.resource[type]?.[name]) missing.push(reference);
    }
    expect([...new Set(missing)]).toEqual([]);
    expect(references).toContain('aws_iam_role_policy.execution_secrets'); // in depends_on only
  });
});
