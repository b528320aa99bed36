"""The approver's own signature on a final render, one recipe for every document an approver signs (the monthly
programme in issuing.services, a conclusion notice in conclusions.chain): their identity (token or PKCS#12), their
signature image in the visible stamp at the render's signature box, signed now."""

from django.utils import timezone

from issuing import appearance, identities, signing


def sign_as_approver(content, signature_box, user, office, *, name, pin="", identity=None):
    """``content`` (a render's bytes) signed by ``user`` as ``name``, approver of ``office``; returns the signed
    document, the stamp's layout (kept with the signature, for the seal to be placed beside it) and the moment."""
    profile = identities.profile_of(user)
    identity = identity or identities.approver_identity(user, office=office, pin=pin, name=name)
    image = appearance.signature_image(profile.signature_image, identities.display_name(user, profile) or name)
    stamp, layout = appearance.approver_stamp(signature_box, image)
    moment = timezone.now()
    signed = signing.sign_document(
        content,
        identity=identity,
        stamp=stamp,
        signer_name=name,
        location=office.place,
        reason=signing.APPROVER_REASON,
        moment=moment,
    )
    return signed, layout, moment
