// The masking every element applies to personal data it shows, defined once in the protocol
// (the server may use it too), re-exported since elements import only from core.
export { maskEmail, maskPersonalData, maskPhone } from '../protocol/masking.js';
