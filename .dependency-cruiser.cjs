/**
 * Module boundaries of src/, checked by `npm run lint` (docs/decisions.md, "Layout: a one-way
 * module graph"). Type-only imports count: a boundary that holds only at runtime is no boundary.
 */
const FEATURES =
  'auth|stores|menu|tables|orders|outbox|streams|staff-calls|reports|images|health|seed';
const CROSS_CUTTING = 'common|infrastructure|config|database';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders of src/ import each other one way only, directly or through other folders.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment:
        'No file imports itself through others. Exempt: TypeORM entities, whose relations name ' +
        'both sides (e.g. Order <-> OrderItem); the cycle stays inside one entities/ folder.',
      severity: 'error',
      from: { path: '^src/', pathNot: '/entities/[^/]+\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'no-foreign-repository-or-entity',
      comment:
        'A feature uses another feature through what its module exports (services), never ' +
        'through its repositories or entities.',
      severity: 'error',
      from: { path: `^src/(${FEATURES})/` },
      to: {
        path: `^src/(${FEATURES})/(.+\\.repository\\.ts$|entities/)`,
        pathNot: '^src/$1/',
      },
    },
    {
      name: 'cross-cutting-imports-no-feature',
      comment: `${CROSS_CUTTING.split('|').join(', ')} are used by features and never import one.`,
      severity: 'error',
      from: { path: `^src/(${CROSS_CUTTING})/` },
      to: { path: `^src/(${FEATURES})/` },
    },
    {
      name: 'layer-config',
      comment: 'config is the bottom layer: it imports nothing else from src/.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'layer-infrastructure',
      comment: 'infrastructure (clients of Redis, RabbitMQ, image store) imports only config.',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/', pathNot: '^src/(infrastructure|config)/' },
    },
    {
      name: 'layer-common',
      comment: 'common builds on config and infrastructure; database builds on common, not back.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(database|bootstrap|cli|observability)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
