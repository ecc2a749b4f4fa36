import { useQuery } from '../../api/client';
import { HtmlPreviewModal } from '../daily-report/print-preview';
import { UnmaskCheckbox, unmaskedInput, useUnmasked } from '../settings/unmask-choice';

/** 客户投诉处理单 or (重大投诉) 客户投诉解决确认书, A4, in the print preview with 直接打印 where possible. */
export function ComplaintPrintPreview({
  id,
  doc,
  onClose,
}: {
  id: number;
  doc: 'complaintForm' | 'complaintConfirmation';
  onClose(): void;
}) {
  const unmask = unmaskedInput(useUnmasked());
  const form = useQuery('complaints.formHtml', doc === 'complaintForm' ? { id, ...unmask } : null);
  const confirmation = useQuery(
    'complaints.confirmationHtml',
    doc === 'complaintConfirmation' ? { id, ...unmask } : null,
  );
  return (
    <HtmlPreviewModal
      query={doc === 'complaintForm' ? form : confirmation}
      onClose={onClose}
      toolbar={<UnmaskCheckbox />}
      sendRequest={{ doc, id, ...unmask }}
    />
  );
}
