"""The demo's sample notices (fixtures/*_ket_luan.json): loaded and issued through the whole chain by the demo's
approver and văn thư, once (demo_setup runs again harmlessly)."""

import datetime
import json

from django.conf import settings

from conclusions.chain import publish_conclusion
from conclusions.drafting import load_conclusion
from conclusions.models import Conclusion, ConclusionSettings

PROVINCE_SAMPLE = settings.BASE_DIR / "fixtures" / "bac_giang_2024_01_ket_luan.json"
COMMUNE_SAMPLE = settings.BASE_DIR / "fixtures" / "xa_tan_yen_2024_01_ket_luan.json"
#: A commune's Chairman signs for the Committee (Nghị định 30, Phụ lục I: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH").
COMMUNE_SIGNATURE = {"signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH"}


def issue_sample(office, path, *, approver, clerk, commune=False):
    """Load the sample notice at ``path`` into ``office`` and issue it; None when it is issued already."""
    data = json.loads(path.read_text(encoding="utf-8"))
    day = datetime.date.fromisoformat(data["session_date"])
    existing = Conclusion.objects.of(office).filter(session_date=day, conference__isnull=True).first()
    if existing is not None and existing.revision_count:
        return None
    if commune:
        ConclusionSettings.of(office)
        ConclusionSettings.objects.filter(office=office).update(**COMMUNE_SIGNATURE)
    conclusion, _created = load_conclusion(data, office)
    return publish_conclusion(conclusion, approver=approver, clerk=clerk)
