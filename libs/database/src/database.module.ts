import { DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { APP_CONFIG, type AppConfig } from '@app/config';

/** One mongoose connection per process, sized by config; feature data modules add their models. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            uri: config.mongo.url,
            maxPoolSize: config.mongo.poolSize,
            serverSelectionTimeoutMS: 5000,
            // Retrying writes needs a replica set; standalone servers and FerretDB refuse it.
            retryWrites: false,
            autoIndex: true,
          }),
        }),
      ],
    };
  }
}
