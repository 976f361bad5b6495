import { SetMetadata } from '@nestjs/common';

/** Metadata key the API's auth guard reads; shared so library controllers (health, metrics) can be public. */
export const ROUTE_ACCESS_METADATA = 'auth:requirement';
export const PublicRoute = () => SetMetadata(ROUTE_ACCESS_METADATA, 'public');
