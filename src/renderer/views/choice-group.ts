/**
 * A set of radio buttons under a legend (a native radio group: arrows move and choose, Tab leaves), for
 * settings with a few named choices.
 */
import { h } from '../dom.ts';

export interface ChoiceGroup<T extends string> {
  readonly element: HTMLFieldSetElement;
  /** Shows `value` as chosen without reporting a change. */
  select(value: T): void;
}

export function choiceGroup<T extends string>(
  id: string,
  legend: string,
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
  onChange: (value: T) => void,
): ChoiceGroup<T> {
  const inputs = values.map((value) => {
    const input = h('input', { attrs: { type: 'radio', name: id, value, id: `${id}-${value}` } });
    input.addEventListener('change', () => {
      if (input.checked) onChange(value);
    });
    return input;
  });
  const element = h('fieldset', { class: 'choice-group', attrs: { id } }, [
    h('legend', { class: 'field-label', text: legend }),
    ...values.map((value, index) => h('label', { class: 'choice', attrs: { for: `${id}-${value}` } }, [inputs[index]!, labels[value]])),
  ]);
  return {
    element,
    select(value) {
      for (const input of inputs) input.checked = input.value === value;
    },
  };
}
