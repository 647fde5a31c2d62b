/*
 * <srtp.h> as mediasoup's worker expects it (the libsrtp 3.0 API of the
 * versatica/libsrtp fork: opaque policy objects and protect/unprotect with
 * separate in/out buffers), implemented over Debian's libsrtp2 2.5.0.
 *
 * Why: mediasoup builds its own libsrtp 3 from a download; offline we only
 * have Debian's libsrtp2. Types, constants and the unchanged calls
 * (srtp_init, srtp_dealloc, srtp_install_event_handler,
 * srtp_profile_get_master_*_length, ...) come straight from libsrtp2. The calls
 * whose signature changed in 3.0 are renamed by macro onto srtp3shim_*
 * (srtp3_over_srtp2.c), so they never clash with libsrtp2's symbols.
 * Only what mediasoup uses is provided; MKI is not supported (unused).
 */
#ifndef WE_MEETING_SRTP3_SHIM_H
#define WE_MEETING_SRTP3_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libsrtp2's srtp_policy_t is a struct; libsrtp 3 reuses the name for an
 * opaque handle. Keep libsrtp2's struct under another name. */
#define srtp_policy_t srtp2_policy_struct_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes added in libsrtp 3 (values as in 3.0; libsrtp2 stops at 27). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

typedef struct srtp3shim_policy *srtp_policy_t;

srtp_err_status_t srtp3shim_policy_create(srtp_policy_t *policy);
void srtp3shim_policy_destroy(srtp_policy_t policy);
srtp_err_status_t srtp3shim_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t srtp3shim_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile);
srtp_err_status_t srtp3shim_policy_add_key(srtp_policy_t policy,
                                           const uint8_t *key, size_t key_len,
                                           const uint8_t *salt, size_t salt_len,
                                           const uint8_t *mki, size_t mki_len);
srtp_err_status_t srtp3shim_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow);
srtp_err_status_t srtp3shim_policy_set_window_size(srtp_policy_t policy, size_t window_size);
srtp_err_status_t srtp3shim_create(srtp_t *session, const srtp_policy_t policy);
srtp_err_status_t srtp3shim_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len,
                                    uint8_t *srtp, size_t *srtp_len, size_t mki_index);
srtp_err_status_t srtp3shim_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len,
                                      uint8_t *rtp, size_t *rtp_len);
srtp_err_status_t srtp3shim_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len,
                                         uint8_t *srtcp, size_t *srtcp_len, size_t mki_index);
srtp_err_status_t srtp3shim_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len,
                                           uint8_t *rtcp, size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

/* The implementation calls libsrtp2's own functions by these names. */
#ifndef SRTP3SHIM_IMPLEMENTATION
#define srtp_policy_create srtp3shim_policy_create
#define srtp_policy_destroy srtp3shim_policy_destroy
#define srtp_policy_set_ssrc srtp3shim_policy_set_ssrc
#define srtp_policy_set_profile srtp3shim_policy_set_profile
#define srtp_policy_add_key srtp3shim_policy_add_key
#define srtp_policy_set_allow_repeat_tx srtp3shim_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size srtp3shim_policy_set_window_size
#define srtp_create srtp3shim_create
#define srtp_protect srtp3shim_protect
#define srtp_unprotect srtp3shim_unprotect
#define srtp_protect_rtcp srtp3shim_protect_rtcp
#define srtp_unprotect_rtcp srtp3shim_unprotect_rtcp
/* Same call, renamed in libsrtp 3 (ssrc in network byte order in both). */
#define srtp_stream_remove srtp_remove_stream
#endif

#endif /* WE_MEETING_SRTP3_SHIM_H */
