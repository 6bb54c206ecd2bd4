"""One hash chain per clinic; the entries written before stay as the closed `legacy` chain.

Why not re-link the old entries into per-clinic chains: every old hash would be recomputed,
so the checkpoints taken until now (signed, kept off the server) would no longer match
anything, and a rewrite of the whole trail is exactly what the evidence should rule out.
On PostgreSQL it would also have to get past the append-only trigger. Instead the old
entries keep their seq, prev_hash and hash untouched and are labelled `legacy` (the column's
one-off default); the single head row (there was only ever pk=1) becomes the legacy chain's
head. Nothing appends to `legacy` again (taut.audit.chain.chain_for never names it), and
`taut audit verify` checks it like any other chain, so old checkpoints still verify.
Adding columns with a constant default does not fire the append-only row trigger.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["-id"], "verbose_name_plural": "audit entries"},
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.CharField(default="legacy", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chainhead",
            name="chain",
            field=models.CharField(default="legacy", max_length=40, unique=True),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="audit_entry_seq_in_chain"
            ),
        ),
    ]
