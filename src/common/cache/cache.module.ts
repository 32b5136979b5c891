import { Global, Module } from '@nestjs/common';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import { CacheService } from './cache.service';
import { LocalResponseCache } from './local-response-cache.service';

@Global()
@Module({
  providers: [CacheService, LocalResponseCache, CacheAsideInterceptor],
  exports: [CacheService, LocalResponseCache, CacheAsideInterceptor],
})
export class CacheModule {}
