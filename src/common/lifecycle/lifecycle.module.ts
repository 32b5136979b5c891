import { Global, Module } from '@nestjs/common';
import { GracefulShutdown } from './graceful-shutdown.service';
import { InFlightRequests } from './in-flight-requests.service';
import { ShutdownState } from './shutdown-state.service';

@Global()
@Module({
  providers: [ShutdownState, InFlightRequests, GracefulShutdown],
  exports: [ShutdownState, InFlightRequests, GracefulShutdown],
})
export class LifecycleModule {}
