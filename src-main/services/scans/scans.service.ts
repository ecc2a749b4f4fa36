import type { ParsedInputOf } from '../../../src-shared/contract/index';
import type {
  FolderCheck,
  InboxScan,
  Paper,
  ScanCheck,
  ScanContent,
  ScanInfo,
} from '../../../src-shared/domain/filing';
import { AppError } from '../../../src-shared/errors';
import type { Db } from '../../db/database';
import type { CallContext, Clock } from '../context';
import type { ScanStore } from './scan-store';

const notYet = () => new AppError('INTERNAL', '扫描件尚未完成');

/**
 * 扫描件: uploads checked by their bytes (PDF, JPEG, PNG, TIFF; not empty; under the size limit),
 * kept in the content-addressed store; attached to a paper or waiting in the inbox; the watched
 * scanner folder taken in (file names with an RO number or VIN are matched); served for preview
 * only after the bytes match their SHA-256.
 */
export class ScansService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly store: ScanStore,
  ) {}

  async upload(_input: ParsedInputOf<'scans.upload'>, _ctx: CallContext): Promise<ScanInfo> {
    throw notYet();
  }

  async attach(_input: ParsedInputOf<'scans.attach'>, _ctx: CallContext): Promise<Paper> {
    throw notYet();
  }

  async discard(_input: ParsedInputOf<'scans.discard'>, _ctx: CallContext): Promise<{ id: number }> {
    throw notYet();
  }

  async inbox(): Promise<InboxScan[]> {
    throw notYet();
  }

  async content(_id: number, _ctx: CallContext): Promise<ScanContent> {
    throw notYet();
  }

  async checkFolder(_ctx: CallContext): Promise<FolderCheck> {
    throw notYet();
  }

  async verify(_ctx: CallContext): Promise<ScanCheck> {
    throw notYet();
  }

  /**
   * Inside FilingService.file's transaction: the inbox scans matched to the RO (or, with no RO, the
   * vehicle) by their file name are attached to the paper just filed. Returns how many.
   */
  async attachMatched(
    _trx: Db,
    _ctx: CallContext,
    _at: string,
    _subject: { roId: number | null; vehicleId: number | null },
    _paperId: number,
  ): Promise<number> {
    // Until the inbox is built there is nothing to attach (helper C replaces this).
    return 0;
  }
}
