/**
 * LTI client-side postMessage storage (1EdTech lti-cs-oidc / lti-pm-s): when the platform names a storage frame
 * (`lti_storage_target`), the tool keeps its state there instead of in a cookie the browser may block. The page
 * scripts below put the state before the auth redirect and read it back after the launch; both address the
 * platform's origin only and check `event.origin` and the message id on every answer.
 */
export interface PlatformStorage {
  /** `_parent` or the name of a frame inside the parent window. */
  target: string;
  /** The platform origin (that of its OIDC auth endpoint). */
  origin: string;
  key: string;
}

export const storageKey = (stateId: string) => `lti_state_${stateId}`;

/** Defines `ltiStorage(storage, message, onAnswer)` in a page: one request, a 2 s time-out, origin-checked. */
export const PLATFORM_STORAGE_SCRIPT = `function ltiStorage(s,msg,done){
var w=s.target==='_parent'?window.parent:(window.parent&&window.parent.frames[s.target]);
if(!w||w===window){done(null);return;}
var id='m'+Math.random().toString(36).slice(2)+Date.now();msg.message_id=id;
var t=setTimeout(function(){window.removeEventListener('message',h);done(null);},2000);
function h(e){if(e.origin!==s.origin||!e.data||e.data.message_id!==id)return;
clearTimeout(t);window.removeEventListener('message',h);done(e.data.error?null:e.data);}
window.addEventListener('message',h);w.postMessage(msg,s.origin);}`;
