"""Create the single Office row, with the Bắc Giang office's settings as the starting point.

Another province edits this row in the admin; nothing in the code names Bắc Giang.
"""

from django.db import migrations

RECIPIENTS = [
    "Văn phòng Chính phủ",
    "TT Tỉnh ủy, TT HĐND tỉnh",
    "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
    "UBMTTQ và các tổ chức chính trị - xã hội tỉnh",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
    "Các sở, cơ quan thuộc UBND tỉnh",
    "Các cơ quan TW đóng trên địa bàn",
    "Liên minh HTX tỉnh, Liên hiệp Hội KHKT tỉnh",
    "UBND các huyện, thành phố",
    "LĐVP; các phòng, đơn vị thuộc Văn phòng",
    "Lưu: VT, TH",
]


def create_office(apps, schema_editor):
    Office = apps.get_model("agenda", "Office")
    Office.objects.get_or_create(
        pk=1,
        defaults={
            "parent_body": "UBND TỈNH BẮC GIANG",
            "name": "VĂN PHÒNG",
            "place": "Bắc Giang",
            "document_symbol": "CTr-VP",
            "signer_authority": "TL. CHỦ TỊCH",
            "signer_position": "CHÁNH VĂN PHÒNG",
            "recipients": "\n".join(RECIPIENTS),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial")]

    operations = [migrations.RunPython(create_office, migrations.RunPython.noop)]
