import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  disableDefaultPasswordSuperadmins,
  ensureSuperadmin,
  isDatabaseEmpty,
  seedDemoData,
} from './seeder';

/**
 * At start: sync the superadmin from env, in production disable any superadmin still holding the
 * development default password, and fill an empty database with the demo store.
 */
@Injectable()
export class SeedOnStartService implements OnApplicationBootstrap {
  private readonly logger = new Logger('seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.superadmin) {
      const outcome = await ensureSuperadmin(
        this.dataSource,
        this.config.superadmin,
        this.config.isProduction,
      );
      if (outcome !== 'unchanged')
        this.logger.log(`superadmin "${this.config.superadmin.username}" ${outcome}`);
    }
    if (this.config.isProduction) {
      for (const username of await disableDefaultPasswordSuperadmins(this.dataSource)) {
        this.logger.warn(
          `superadmin "${username}" disabled: its password is the development default, which production refuses; set SUPERADMIN_USERNAME=${username} and a new SUPERADMIN_PASSWORD to restore it`,
        );
      }
    }
    if (this.config.seedDemo && (await isDatabaseEmpty(this.dataSource))) {
      const logins = await seedDemoData(this.dataSource);
      this.logger.log(
        `demo data created: store_code=${logins.store_code}, admin ${logins.admin.username} / ` +
          `${logins.admin.password}, tables ${logins.tables.numbers} / ${logins.tables.password}`,
      );
    }
  }
}
