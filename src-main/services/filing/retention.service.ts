import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type { PrintableHtml } from '../../../src-shared/contract/printing.contract';
import type { ExportedFile } from '../../../src-shared/domain/daily-report';
import type { Destruction, RetentionDue } from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { PrintService } from '../print/print.service';
import type { ScanStore } from '../scans/scan-store';

const notYet = () => new AppError('INTERNAL', '保管期限尚未完成');

/**
 * 保管期限: each kind's period from the paper's month (永久 for kinds without one and papers kept
 * for good: disputes, accidents); what is past it; a manager-approved destruction (销毁清单,
 * printable, audited) that marks the papers destroyed and deletes their scans when no other paper
 * uses them. Nothing is ever deleted automatically.
 */
export class RetentionService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly store: ScanStore,
    readonly print: PrintService,
  ) {}

  async due(_input: ParsedInputOf<'retention.due'>): Promise<{ rows: RetentionDue[]; total: number }> {
    throw notYet();
  }

  async destroy(_input: ParsedInputOf<'destructions.create'>, _ctx: CallContext): Promise<Destruction> {
    throw notYet();
  }

  async list(): Promise<Destruction[]> {
    throw notYet();
  }

  async html(_input: ParsedInputOf<'destructions.html'>, _ctx?: CallContext): Promise<PrintableHtml> {
    throw notYet();
  }

  async pdf(_input: ParsedInputOf<'destructions.pdf'>): Promise<ExportedFile & { pages: number }> {
    throw notYet();
  }
}
