import { QueueName } from '@app/contracts';
import { assertHandlersCover } from './job-handlers';

describe('assertHandlersCover', () => {
  const noop = async () => undefined;

  it('accepts a worker that handles exactly the jobs of its queue', () => {
    expect(() => assertHandlersCover(QueueName.Audit, { 'audit-event': noop, 'audit-purge': noop })).not.toThrow();
  });

  it('refuses to start when a job of the queue has no handler, naming it', () => {
    expect(() => assertHandlersCover(QueueName.Deliveries, { challenge: noop, share: noop })).toThrow('no handler for job "verify"');
  });

  it('refuses a handler for a job that another queue carries', () => {
    expect(() => assertHandlersCover(QueueName.Audit, { 'audit-event': noop, 'audit-purge': noop, challenge: noop })).toThrow('"challenge"');
  });
});
