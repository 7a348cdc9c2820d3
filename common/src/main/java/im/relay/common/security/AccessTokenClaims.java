package im.relay.common.security;

import com.nimbusds.jose.JOSEObjectType;

/** The shape of Relay's access tokens (RFC 9068 style), shared by the issuer and every validator. */
public final class AccessTokenClaims {

    /** The JOSE {@code typ} of access tokens: nothing else Relay signs can pass for one. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

    public static final String SESSION_ID = "sid";
    public static final String PLATFORM = "platform";
    public static final String DEVICE_ID = "did";

    private AccessTokenClaims() {}
}
