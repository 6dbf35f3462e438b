/**
 * What the emulated flow.google.com offers, in one place: build label, reCAPTCHA site key, image models with
 * the plan each needs, the aspect enum with pixel sizes, and the RPC ids. Values come from
 * /work/shared/FLOW-NOTES.md (snapshot of 2026-10-07); where the notes say UNCONFIRMED the choice is marked.
 */

/** A Google One AI plan; decides which models an account may use. */
export type FlowPlan = 'free' | 'pro' | 'ultra';

/** Plans in ascending order of what they include. */
export const FLOW_PLANS: readonly FlowPlan[] = ['free', 'pro', 'ultra'];

/** True when `plan` includes everything `required` does. */
export function planIncludes(plan: FlowPlan, required: FlowPlan): boolean {
  return FLOW_PLANS.indexOf(plan) >= FLOW_PLANS.indexOf(required);
}

/** An image model the generate RPC accepts. */
export interface FlowImageModel {
  /** The wire name (`item[5]`); Flow rejects the friendly name. */
  readonly id: string;
  /** What the editor's model picker shows; null when the friendly name is not known. */
  readonly name: string | null;
  /** The lowest plan allowed to use it. */
  readonly minPlan: FlowPlan;
}

/**
 * The image models. The plan per model is an emulator choice: the notes only pin down that a Pro account was
 * refused once (`LIVE_DENIED`), so Nano Banana Pro needs Pro and the rest work on every plan. BELUGA is in the
 * verified capture but its friendly name is UNCONFIRMED, so the picker leaves it out while the RPC accepts it.
 * Imagen 4 is not listed: no source saw it on flow.google.com.
 */
export const FLOW_IMAGE_MODELS: readonly FlowImageModel[] = [
  { id: 'GEM_PIX_2', name: 'Nano Banana Pro', minPlan: 'pro' },
  { id: 'NARWHAL', name: 'Nano Banana 2', minPlan: 'free' },
  { id: 'HARBOR_SEAL', name: 'Nano Banana 2 Lite', minPlan: 'free' },
  { id: 'BELUGA', name: null, minPlan: 'pro' },
];

/** The model the editor starts with (every plan may use it). */
export const DEFAULT_FLOW_MODEL = 'NARWHAL';

/** One value of the image aspect enum (`item[4]`), with the size Flow's JPEGs have. */
export interface FlowAspect {
  readonly value: number;
  readonly label: string;
  readonly width: number;
  readonly height: number;
}

/** The aspect enum as measured from Flow's JPEG headers (FB-batch). */
export const FLOW_ASPECTS: readonly FlowAspect[] = [
  { value: 1, label: '1:1', width: 1024, height: 1024 },
  { value: 2, label: '9:16', width: 768, height: 1376 },
  { value: 3, label: '16:9', width: 1376, height: 768 },
  { value: 4, label: '3:4', width: 896, height: 1200 },
  { value: 5, label: '4:3', width: 1200, height: 896 },
];

/** The aspect the editor starts with (16:9, Flow's landscape default). */
export const DEFAULT_FLOW_ASPECT = 3;
/** How many images the editor asks for until the user changes it. */
export const DEFAULT_FLOW_IMAGE_COUNT = 2;
/** The most images one generate call may ask for (the picker offers 1–4). */
export const MAX_FLOW_IMAGES = 4;

/** The aspect for an enum value, if valid. */
export function flowAspect(value: unknown): FlowAspect | undefined {
  return FLOW_ASPECTS.find((aspect) => aspect.value === value);
}

/** The model for a wire name, if known. */
export function flowModel(id: unknown): FlowImageModel | undefined {
  return FLOW_IMAGE_MODELS.find((model) => model.id === id);
}

/** Frontend build label (`WIZ_global_data.cfb2h`, query `bl`): the newest one the notes saw. */
export const FLOW_BUILD_LABEL = 'boq_labs-ai-sandbox-frontend_20261005.07_p0';

/** Flow's reCAPTCHA Enterprise site key (the same one every peer hard-codes). */
export const FLOW_RECAPTCHA_SITE_KEY = '6LdsFiUsAAAAAIjVDZcuLhaHiDn5nnHVXVRQGeMV';

/** The "surface id" the web client stamps on every call (ctx slot 1). */
export const FLOW_SURFACE_ID = 22;

/** The batchexecute path. */
export const FLOW_BATCHEXECUTE_PATH = '/_/AiSandboxAngularFrontend/data/batchexecute';

/** RPC ids the emulator implements, by purpose. */
export const FLOW_RPC = {
  createProject: 'jHPbke',
  generateImages: 'ogiZ0b',
  uploadImage: 'maseQ',
  getMedia: 'as29s',
  upscaleImage: 'SPrCad',
} as const;

/** reCAPTCHA actions the page mints for each RPC that needs a token. */
export const FLOW_RECAPTCHA_ACTIONS: Readonly<Record<string, string>> = {
  [FLOW_RPC.generateImages]: 'IMAGE_GENERATION',
  [FLOW_RPC.uploadImage]: 'UPLOAD_IMAGE',
  // UNCONFIRMED (HUB: "UNVERIFIED"); the generation action is the plausible one.
  [FLOW_RPC.upscaleImage]: 'IMAGE_GENERATION',
};

/** The action the x2a trap forces onto `execute` calls that did not come from the page's own code. */
export const HIJACK_ACTION = 'extension_hijack_detected';

/** Key name in every signed flow-content.google URL. */
export const FLOW_CDN_KEY_NAME = 'labs-flow-prod-cdn-key';
