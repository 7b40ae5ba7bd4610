import { useState } from 'preact/hooks';
import { Field } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { PASSWORD_MIN_LENGTH } from '@aurastream/contract';
import { passwordStrength, type ValidationStatus } from '../../ui/validation';

const strengthNames = ['', 'Weak', 'Okay', 'Good', 'Strong'];

/** Password input with show/hide and, for new passwords, a strength meter. */
export function PasswordField({
  label,
  value,
  onValue,
  status,
  message,
  autocomplete,
  meter = false,
  success,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  status?: ValidationStatus;
  message?: string | null;
  autocomplete: 'current-password' | 'new-password';
  meter?: boolean;
  success?: string | null;
}) {
  const [visible, setVisible] = useState(false);
  const strength = passwordStrength(value);
  // one element either way (only its type changes), so focus and caret survive the toggle
  const inputProps = (inputId: string, describedBy: string | undefined, invalid: boolean) => ({
    id: inputId,
    class: 'input',
    value,
    autocomplete,
    required: true,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => onValue((event.currentTarget as HTMLInputElement).value),
  });
  return (
    <Field
      label={label}
      status={status}
      message={message}
      success={success}
      hint={
        meter
          ? `At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of a few words is easy to remember and hard to guess.`
          : undefined
      }
    >
      {({ inputId, describedBy, invalid }) => (
        <>
          <div class="input-wrap">
            {visible ? (
              <input type="text" {...inputProps(inputId, describedBy, invalid)} />
            ) : (
              <input type="password" {...inputProps(inputId, describedBy, invalid)} />
            )}
            <button
              type="button"
              class="input-addon"
              aria-label={visible ? 'Hide password' : 'Show password'}
              aria-pressed={visible}
              onClick={() => setVisible(!visible)}
            >
              <Icon name={visible ? 'eyeOff' : 'eye'} size={18} />
            </button>
          </div>
          {meter && value && (
            <div class="strength" data-strength={strength} aria-live="polite">
              <span class="strength-bars" aria-hidden="true">
                {[1, 2, 3, 4].map((level) => (
                  <span key={level} class={level <= strength ? 'is-on' : ''} />
                ))}
              </span>
              <span class="strength-label">{strengthNames[strength]}</span>
            </div>
          )}
        </>
      )}
    </Field>
  );
}
