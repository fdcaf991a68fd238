import { Button } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { gql, newIdempotencyKey, type Session } from './api';
import { useInFlight } from './in-flight';

type Kind = 'lab' | 'imaging' | 'diet' | 'nursing';

const kinds: Record<Kind, { label: string; mutation: string; input: string }> = {
  lab: { label: 'Lab', mutation: 'placeLabOrder', input: 'LabOrderInput' },
  imaging: { label: 'Imaging', mutation: 'placeImagingOrder', input: 'ImagingOrderInput' },
  diet: { label: 'Diet', mutation: 'placeDietOrder', input: 'DietOrderInput' },
  nursing: { label: 'Nursing', mutation: 'placeNursingOrder', input: 'NursingOrderInput' },
};

/** Common labs by LOINC, so a prescriber picks rather than types a code. */
const labs = [
  ['2345-7', 'Glucose', 'blood'],
  ['2823-3', 'Potassium', 'blood'],
  ['2160-0', 'Creatinine', 'blood'],
  ['718-7', 'Hemoglobin', 'blood'],
  ['6690-2', 'White blood cell count', 'blood'],
  ['5902-2', 'Prothrombin time (PT)', 'blood'],
  ['5767-9', 'Urinalysis, appearance', 'urine'],
] as const;

/** Lab, imaging, diet and nursing orders: no pharmacist step, acted on as signed. */
export function OtherOrder({ session, patientId, encounterId, onSigned }: { session: Session; patientId: string; encounterId: string; onSigned: (message: string) => void }) {
  const [kind, setKind] = useState<Kind>('lab');
  // One key per order being signed: a double tap or a retry places it once.
  const [signKey, setSignKey] = useState(() => newIdempotencyKey());
  const signing = useInFlight();
  const [form, setForm] = useState({ lab: '2345-7', modality: 'XR', study: '', bodySite: '', reason: '', contrast: false, diet: 'regular', fluid: '', instruction: '', priority: 'routine' });

  const details = (): Record<string, unknown> => {
    switch (kind) {
      case 'lab': {
        const [loinc, display, specimen] = labs.find(([code]) => code === form.lab)!;
        return { loinc, display, specimen };
      }
      case 'imaging':
        return { modality: form.modality, study: form.study, bodySite: form.bodySite, reason: form.reason, contrast: form.contrast };
      case 'diet':
        return { diet: form.diet, fluidRestrictionMl: form.fluid === '' ? null : Number(form.fluid) };
      case 'nursing':
        return { instruction: form.instruction };
    }
  };

  const sign = async (e: FormEvent) => {
    e.preventDefault();
    const { mutation, input } = kinds[kind];
    type Result = Record<string, { __typename: string; order?: { summary: string }; message?: string }>;
    const data = await gql<Result>(
      session,
      `mutation($i: ${input}!) { ${mutation}(input: $i) { __typename ... on OrderChanged { order { summary } } ... on Refusal { message } } }`,
      { i: { patientId, encounterId, priority: form.priority, idempotencyKey: signKey, ...details() } },
    ).catch((error: Error): Result => ({ [mutation]: { __typename: 'Refusal', message: error.message } }));
    const result = data[mutation]!;
    if (result.order) setSignKey(newIdempotencyKey());
    onSigned(result.order ? `Signed: ${result.order.summary}.` : (result.message ?? 'refused'));
  };

  return (
    <form onSubmit={signing.submit(sign)} className="grid" aria-label="New order">
      <label>
        Kind{' '}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {Object.entries(kinds).map(([value, k]) => (
            <option key={value} value={value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {kind === 'lab' && (
        <label>
          Test{' '}
          <select name="lab" value={form.lab} onChange={(e) => setForm({ ...form, lab: e.target.value })}>
            {labs.map(([code, display, specimen]) => (
              <option key={code} value={code}>
                {display} ({specimen})
              </option>
            ))}
          </select>
        </label>
      )}
      {kind === 'imaging' && (
        <>
          <label>
            Modality{' '}
            <select name="modality" value={form.modality} onChange={(e) => setForm({ ...form, modality: e.target.value })}>
              {['XR', 'CT', 'MR', 'US', 'NM'].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
          <label>
            Study <input name="study" value={form.study} onChange={(e) => setForm({ ...form, study: e.target.value })} required />
          </label>
          <label>
            Body site <input name="bodySite" value={form.bodySite} onChange={(e) => setForm({ ...form, bodySite: e.target.value })} required />
          </label>
          <label>
            Reason for the study <input name="imagingReason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required />
          </label>
          <label>
            <input type="checkbox" checked={form.contrast} onChange={(e) => setForm({ ...form, contrast: e.target.checked })} /> With contrast
          </label>
        </>
      )}
      {kind === 'diet' && (
        <>
          <label>
            Diet{' '}
            <select name="diet" value={form.diet} onChange={(e) => setForm({ ...form, diet: e.target.value })}>
              {['regular', 'npo', 'clear-liquid', 'full-liquid', 'soft', 'cardiac', 'consistent-carbohydrate', 'renal'].map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
          <label>
            Fluid limit (mL a day) <input name="fluid" type="number" min="1" value={form.fluid} onChange={(e) => setForm({ ...form, fluid: e.target.value })} />
          </label>
        </>
      )}
      {kind === 'nursing' && (
        <label>
          Instruction <input name="instruction" value={form.instruction} onChange={(e) => setForm({ ...form, instruction: e.target.value })} required />
        </label>
      )}
      <label>
        Priority{' '}
        <select name="otherPriority" value={form.priority} onChange={(e) => setForm({ ...form, priority: e.target.value })}>
          <option>routine</option>
          <option>urgent</option>
          <option>stat</option>
        </select>
      </label>
      <Button type="submit" loading={signing.busy}>
        Sign {kinds[kind].label.toLowerCase()} order
      </Button>
    </form>
  );
}
