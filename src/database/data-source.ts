import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

/** Used by the TypeORM CLI (`npm run migration:*`) on the compiled output. */
export default new DataSource(typeOrmOptions(loadConfig()));
