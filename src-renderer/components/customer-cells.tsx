import { Link } from '../router/hash-router';
import { phoneText } from './format';

/** The customer's name, linked to their file when there is one (— when there is no name). */
export function CustomerLink({ id, name }: { id: number | null; name: string | null }) {
  return id ? <Link to={`/archive/customers/${id}`}>{name ?? '—'}</Link> : (name ?? '—');
}

/** A list cell: the customer (linked) over their phone. */
export function CustomerPhoneCell({
  id,
  name,
  phone,
  small = false,
}: {
  id: number | null;
  name: string | null;
  phone: string | null;
  small?: boolean;
}) {
  return (
    <div className="cell-stack">
      <div>
        <CustomerLink id={id} name={name} />
      </div>
      <div className={small ? 'phone small' : 'phone'}>{phoneText(phone)}</div>
    </div>
  );
}
