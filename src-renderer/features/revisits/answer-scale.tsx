import { CloseCircleOutlined } from '@ant-design/icons';
import { Button, Radio, Tooltip } from 'antd';
import {
  FIVE_LEVEL_LABELS,
  type Question,
  type RevisitSettings,
  YESNO_LABELS,
} from '../../../src-shared/domain/revisits';
import { useI18n } from '../../i18n/i18n';

/** At or below the store's threshold (yes/no: 不满意 always): this answer makes a problem call. */
export function isDissatisfied(
  question: Question,
  value: number | null | undefined,
  settings: RevisitSettings,
): boolean {
  if (value === null || value === undefined) return false;
  switch (question.scale) {
    case 'yesno':
      return value === 0;
    case 'five':
      return value <= settings.problemAtOrBelow.five;
    case 'ten':
      return value <= settings.problemAtOrBelow.ten;
    case 'nps':
      return value <= settings.problemAtOrBelow.nps;
    case 'choice':
      return false;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The choices of a scale, in the order the clerk reads them out (best first for labelled scales). */
function choices(question: Question, label: (zh: string) => string): { value: number; text: string }[] {
  switch (question.scale) {
    case 'yesno':
      return [1, 0].map((v) => ({ value: v, text: label(YESNO_LABELS[v] ?? String(v)) }));
    case 'five':
      return [5, 4, 3, 2, 1].map((v) => ({ value: v, text: label(FIVE_LEVEL_LABELS[v] ?? String(v)) }));
    case 'ten':
      return range(1, 10).map((v) => ({ value: v, text: String(v) }));
    case 'nps':
      return range(0, 10).map((v) => ({ value: v, text: String(v) }));
    case 'choice':
      return question.options.map((text, i) => ({ value: i, text }));
  }
}

/**
 * One question's answer on its own scale: 满意/不满意, five labelled levels, 1-10, 0-10 (NPS) or the
 * options. Unanswered is null (客户未回答); the × clears a choice made by mistake.
 */
export function AnswerInput({
  question,
  value,
  onChange,
  disabled,
  id,
}: {
  question: Question;
  value?: number | null;
  onChange?: (value: number | null) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { t, label } = useI18n();
  const numeric = question.scale === 'ten' || question.scale === 'nps';
  return (
    <span className={`answer-input answer-${question.scale}`} id={id}>
      <Radio.Group
        size="small"
        optionType="button"
        buttonStyle="solid"
        disabled={disabled}
        value={value ?? null}
        onChange={(e) => onChange?.(e.target.value as number)}
        className={numeric ? 'answer-numbers' : undefined}
      >
        {choices(question, label).map((c) => (
          <Radio.Button key={c.value} value={c.value} data-value={c.value}>
            {c.text}
          </Radio.Button>
        ))}
      </Radio.Group>
      {numeric && (
        <span className="muted small scale-ends">
          {question.scale === 'nps' ? t('0 不会推荐 · 10 一定推荐') : t('1 非常差 · 10 非常好')}
        </span>
      )}
      {value !== null && value !== undefined && !disabled && (
        <Tooltip title={t('清除（客户未回答）')}>
          <Button
            size="small"
            type="text"
            className="answer-clear"
            icon={<CloseCircleOutlined />}
            aria-label={t('清除')}
            onClick={() => onChange?.(null)}
          />
        </Tooltip>
      )}
    </span>
  );
}
