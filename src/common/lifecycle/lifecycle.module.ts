import { Global, Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown';
import { InFlightRequests } from './in-flight-requests';
import { ShutdownState } from './shutdown-state';

@Global()
@Module({
  providers: [ShutdownState, InFlightRequests, GracefulShutdown],
  exports: [ShutdownState, InFlightRequests, GracefulShutdown],
})
export class LifecycleModule {}
