/*
 * The libsrtp 3.0 calls mediasoup's worker makes (see include/srtp.h),
 * implemented over Debian's libsrtp2 2.5.0.
 *
 * - A policy is a small heap object collecting ssrc/profile/key/window/repeat
 *   settings; srtp_create() turns it into a libsrtp2 srtp_policy_t struct.
 * - libsrtp2 protects in place and needs room for the trailer after the
 *   packet; libsrtp 3 takes separate in/out buffers with explicit lengths.
 *   We copy into the output buffer (after checking its capacity) and then run
 *   libsrtp2 in place there.
 * - One master key per policy, no MKI (mediasoup passes mki = NULL, index 0).
 */
#define SRTP3SHIM_IMPLEMENTATION
#include "srtp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Largest master key + salt of any profile (AES-256 key 32 + salt 14). */
#define SHIM_MAX_KEY_SALT_LEN 64
/* srtp_protect_rtcp() may add the trailer plus the 4-byte SRTCP index. */
#define SHIM_RTCP_EXTRA (SRTP_MAX_TRAILER_LEN + 4)

struct srtp3shim_policy {
    srtp_ssrc_t ssrc;
    srtp_profile_t profile;
    uint8_t key_salt[SHIM_MAX_KEY_SALT_LEN];
    size_t key_salt_len;
    unsigned long window_size;
    int allow_repeat_tx;
};

srtp_err_status_t srtp3shim_policy_create(srtp_policy_t *policy)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    *policy = calloc(1, sizeof(**policy));
    if (*policy == NULL)
        return srtp_err_status_alloc_fail;
    (*policy)->profile = srtp_profile_reserved;
    return srtp_err_status_ok;
}

void srtp3shim_policy_destroy(srtp_policy_t policy)
{
    if (policy == NULL)
        return;
    /* Do not leave key material behind on the heap. */
    memset(policy->key_salt, 0, sizeof(policy->key_salt));
    free(policy);
}

srtp_err_status_t srtp3shim_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
    srtp_crypto_policy_t probe;

    if (policy == NULL)
        return srtp_err_status_bad_param;
    /* Reject profiles libsrtp2 cannot do now rather than at srtp_create(). */
    if (srtp_crypto_policy_set_from_profile_for_rtp(&probe, profile) != srtp_err_status_ok)
        return srtp_err_status_bad_param;
    policy->profile = profile;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_policy_add_key(srtp_policy_t policy,
                                           const uint8_t *key, size_t key_len,
                                           const uint8_t *salt, size_t salt_len,
                                           const uint8_t *mki, size_t mki_len)
{
    if (policy == NULL || key == NULL || (salt == NULL && salt_len != 0))
        return srtp_err_status_bad_param;
    /* No MKI and a single key: all mediasoup needs. */
    if (mki != NULL || mki_len != 0 || policy->key_salt_len != 0)
        return srtp_err_status_bad_param;
    if (key_len + salt_len > sizeof(policy->key_salt))
        return srtp_err_status_bad_param;
    /* libsrtp2 takes the master key immediately followed by the salt. */
    memcpy(policy->key_salt, key, key_len);
    if (salt_len != 0)
        memcpy(policy->key_salt + key_len, salt, salt_len);
    policy->key_salt_len = key_len + salt_len;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_policy_set_window_size(srtp_policy_t policy, size_t window_size)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->window_size = (unsigned long)window_size;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_create(srtp_t *session, const srtp_policy_t policy)
{
    srtp2_policy_struct_t p;
    srtp_err_status_t err;

    if (session == NULL || policy == NULL || policy->key_salt_len == 0)
        return srtp_err_status_bad_param;
    /* Key + salt length must be exactly what the profile expects. */
    if (policy->key_salt_len != srtp_profile_get_master_key_length(policy->profile) +
                                    srtp_profile_get_master_salt_length(policy->profile))
        return srtp_err_status_bad_param;

    memset(&p, 0, sizeof(p));
    p.ssrc = policy->ssrc;
    err = srtp_crypto_policy_set_from_profile_for_rtp(&p.rtp, policy->profile);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_crypto_policy_set_from_profile_for_rtcp(&p.rtcp, policy->profile);
    if (err != srtp_err_status_ok)
        return err;
    p.key = (unsigned char *)policy->key_salt; /* libsrtp2 copies it */
    p.window_size = policy->window_size;
    p.allow_repeat_tx = policy->allow_repeat_tx;
    p.next = NULL;

    return srtp_create(session, &p);
}

/* Copy |in| to |out| (if distinct) and check |out| can take |extra| more bytes. */
static srtp_err_status_t shim_prepare(const uint8_t *in, size_t in_len, uint8_t *out,
                                      size_t out_cap, size_t extra)
{
    if (in == NULL || out == NULL)
        return srtp_err_status_bad_param;
    if (in_len > (size_t)INT_MAX - extra)
        return srtp_err_status_bad_param;
    if (out_cap < in_len + extra)
        return srtp_err_status_buffer_small;
    if (in != out)
        memmove(out, in, in_len);
    return srtp_err_status_ok;
}

typedef srtp_err_status_t (*shim_inplace_fn)(srtp_t, void *, int *);

static srtp_err_status_t shim_run(shim_inplace_fn fn, srtp_t ctx, const uint8_t *in,
                                  size_t in_len, uint8_t *out, size_t *out_len, size_t extra)
{
    srtp_err_status_t err;
    int len;

    if (out_len == NULL)
        return srtp_err_status_bad_param;
    err = shim_prepare(in, in_len, out, *out_len, extra);
    if (err != srtp_err_status_ok)
        return err;
    len = (int)in_len;
    err = fn(ctx, out, &len);
    if (err != srtp_err_status_ok)
        return err;
    *out_len = (size_t)len;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp3shim_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len,
                                    uint8_t *srtp, size_t *srtp_len, size_t mki_index)
{
    if (mki_index != 0)
        return srtp_err_status_bad_mki;
    return shim_run(srtp_protect, ctx, rtp, rtp_len, srtp, srtp_len, SRTP_MAX_TRAILER_LEN);
}

srtp_err_status_t srtp3shim_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len,
                                      uint8_t *rtp, size_t *rtp_len)
{
    return shim_run(srtp_unprotect, ctx, srtp, srtp_len, rtp, rtp_len, 0);
}

srtp_err_status_t srtp3shim_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len,
                                         uint8_t *srtcp, size_t *srtcp_len, size_t mki_index)
{
    if (mki_index != 0)
        return srtp_err_status_bad_mki;
    return shim_run(srtp_protect_rtcp, ctx, rtcp, rtcp_len, srtcp, srtcp_len, SHIM_RTCP_EXTRA);
}

srtp_err_status_t srtp3shim_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len,
                                           uint8_t *rtcp, size_t *rtcp_len)
{
    return shim_run(srtp_unprotect_rtcp, ctx, srtcp, srtcp_len, rtcp, rtcp_len, 0);
}
