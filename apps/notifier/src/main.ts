import { runApp } from '@app/platform';
import { NotifierModule } from './notifier.module';

runApp('notifier', (config) => NotifierModule.forRoot(config));
