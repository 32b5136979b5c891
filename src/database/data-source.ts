import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

/** Used by the TypeORM CLI for `npm run migration:generate` (development) on the compiled output. */
export default new DataSource(typeOrmOptions(loadConfig()));
