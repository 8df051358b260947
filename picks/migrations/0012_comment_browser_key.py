"""Comments keep a digest of the sending browser's key with the address: a known address is
published at once only from a browser it was approved from.

Comments approved before this migration have no key, so each returning commenter's next
comment waits once for an editor or the emailed confirmation.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("picks", "0011_clean_image_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="browser_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
