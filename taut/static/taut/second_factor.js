// The two-step login page: once a passkey is registered, reload to list it.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
