import { Query } from '@nestjs/cqrs';
import { MessengerView } from './messenger.view';

export class ListMessengersQuery extends Query<MessengerView[]> {}
