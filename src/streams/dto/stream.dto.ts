import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IssuedStreamTicket } from '../stream-ticket.service';
import { AdminOrderResponseDto, OrderResponseDto } from '../../orders/dto/order-response.dto';

export class StreamQueryDto {
  @ApiPropertyOptional({
    description: 'Single-use ticket from the stream’s POST …/stream-ticket (instead of the header)',
    example: 'Vb3QO0lq8rj0E7vB1c4W3Yp2mXk9sTn6hR5aJdLfGuI',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ticket?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Resume after this event id (the Last-Event-ID header wins when both are sent)',
    example: '6f0c2a1e-8b3d-4f5a-9c7e-2d1b0a9f8e7d',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  last_event_id?: string;
}

export class StreamTicketResponseDto {
  @ApiProperty({
    description: 'Single-use; pass as ?ticket= to the matching GET …/stream',
    example: 'Vb3QO0lq8rj0E7vB1c4W3Yp2mXk9sTn6hR5aJdLfGuI',
  })
  ticket: string;

  @ApiProperty({ description: 'Seconds until the ticket expires', example: 30 })
  expires_in: number;

  static from(issued: IssuedStreamTicket): StreamTicketResponseDto {
    return { ticket: issued.ticket, expires_in: issued.expires_in };
  }
}

/** `data` of the stream's first event: the store's active orders, newest first. */
export class OrderSnapshotDto {
  @ApiProperty({ type: AdminOrderResponseDto, isArray: true })
  orders: AdminOrderResponseDto[];
}

/** The tablet stream's first frame: the table's current session, as GET /api/orders answers it. */
export class TableOrderSnapshotDto {
  @ApiProperty({ type: OrderResponseDto, isArray: true })
  orders: OrderResponseDto[];
}
