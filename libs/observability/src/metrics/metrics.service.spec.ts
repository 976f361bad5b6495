import { ROUTE_ACCESS_METADATA } from '@app/health';
import { METRICS_ROUTE_ACCESS } from './metrics.controller';
import { MetricsService } from './metrics.service';

describe('MetricsService', () => {
  it('renders the named counters as Prometheus text with bounded labels', async () => {
    const metrics = new MetricsService();
    metrics.delivery('sms', 'sent');
    metrics.delivery('sms', 'permanent_error', 21211);
    metrics.verification('invalid_code');
    metrics.verification('invalid_code');
    metrics.login('authenticated');
    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('deliveries_total{channel="sms",outcome="sent",provider_code="none"} 1');
    expect(body).toContain('deliveries_total{channel="sms",outcome="permanent_error",provider_code="21211"} 1');
    expect(body).toContain('verifications_total{outcome="invalid_code"} 2');
    expect(body).toContain('login_total{outcome="authenticated"} 1');
    expect(body).toContain('process_cpu_user_seconds_total');
  });

  it('keeps one registry per instance (no global state between apps in one test process)', async () => {
    const a = new MetricsService();
    const b = new MetricsService();
    a.verification('approved');
    expect(await b.registry.getSingleMetricAsString('verifications_total')).not.toContain('approved');
  });

  it('marks /metrics public with the same metadata the API auth guard reads', () => {
    expect(METRICS_ROUTE_ACCESS.key).toBe(ROUTE_ACCESS_METADATA);
    expect(METRICS_ROUTE_ACCESS.value).toBe('public');
  });
});
