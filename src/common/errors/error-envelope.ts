import { ErrorDetail } from './app.exception';

export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    request_id: string;
    details?: ErrorDetail[];
  };
}
