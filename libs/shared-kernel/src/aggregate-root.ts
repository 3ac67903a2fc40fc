import { DomainEvent } from './domain-event';

/** An aggregate records its own events; the repository pulls them when it saves. */
export abstract class AggregateRoot {
  private recorded: DomainEvent[] = [];

  abstract get id(): string;

  protected record(event: DomainEvent): void {
    this.recorded.push(event);
  }

  pullEvents(): DomainEvent[] {
    const events = this.recorded;
    this.recorded = [];
    return events;
  }
}
