"""``gbda:register_import``: planned or planted elements into the register (import_layer)."""

from __future__ import annotations

from qgis.core import QgsProcessing as P
from qgis.core import QgsProcessingOutputNumber
from qgis.core import QgsProcessingParameterBoolean as Boolean
from qgis.core import QgsProcessingParameterFeatureSink as Sink
from qgis.core import QgsProcessingParameterFeatureSource as Source
from qgis.core import QgsProcessingParameterField as Field
from qgis.core import QgsProcessingParameterString as String

from ... import core_options as core
from ...labels import REGISTER_STATUS_LABELS
from ...translation import tr, tr_noop
from ..base import GbdaAlgorithm
from ..element_inputs import add_mapping_input
from ..register_inputs import add_store_inputs, open_store_input, store_names

#: Count outputs: key, report attribute, label.
COUNTS = (
    ("N_ROWS", "rows", tr_noop("Rows read")),
    ("N_ADDED", "added", tr_noop("Elements added")),
    ("N_UPDATED", "updated", tr_noop("Elements updated")),
    ("N_UNCHANGED", "unchanged", tr_noop("Rows already in the register")),
    ("N_REJECTED", "rejected", tr_noop("Rows rejected")),
)


class RegisterImportAlgorithm(GbdaAlgorithm):
    """Adds planned or planted elements to the register; the same batch again adds nothing."""

    ALG_ID, GROUP_ID = "register_import", "register"
    DISPLAY_NAME = tr_noop("Import into the register")
    HELP = tr_noop(
        "Imports planned or planted landscape elements (lines, polygons or points) into the "
        "progress register, a GeoPackage or a PostgreSQL database. Fields named as in the "
        "register (element_type, status, planned, planted, checked, removed, programme, "
        "region, collectief, funding, note, id) are read without a mapping; map others in "
        "the advanced settings. Rows match register elements by id or by geometry and type, so "
        "the same batch again adds nothing. Rejected rows are listed with their feature id and "
        "the reason. Loaded into the project, the register is shown as in the register dock: "
        "read-only, with its value maps and constraints, styled by status."
    )

    def initAlgorithm(self, config=None):
        """Declare the layer, the store, the field mapping, the defaults and the outputs."""
        any_geometry = [P.TypeVectorAnyGeometry]
        self.add(Source("INPUT", tr("Planned or planted elements"), any_geometry))
        add_store_inputs(self, create=True)
        for name in core.REGISTER_IMPORT_FIELDS:
            label = tr("Field for {field}").format(field=name)
            field = Field(f"FIELD_{name.upper()}", label, None, "INPUT", optional=True)
            self.add(field, advanced=name != "element_type")
        ignore = tr("Ignore the layer's id field (match by geometry and type)")
        self.add(Boolean("IGNORE_ID", ignore, False), advanced=True)
        add_mapping_input(self)
        statuses = core.REGISTER_STATUSES
        self.add_enum(
            "STATUS", tr("Status of rows that give none"), statuses, REGISTER_STATUS_LABELS
        )
        programme = tr("Programme of rows that give none")
        self.add(String("PROGRAMME", programme, core.DEFAULT_PROGRAMME))
        self.add(Boolean("STRICT", tr("Import nothing when a row is rejected"), False))
        who = String("USER", tr("Who makes the change (default: your login name)"), optional=True)
        self.add(who, advanced=True)
        self.add(Sink("REJECTED", tr("Rejected rows"), P.TypeVector, optional=True))
        for key, _, label in COUNTS:
            self.addOutput(QgsProcessingOutputNumber(key, tr(label)))

    def process(self, parameters, context, feedback):
        """Read the layer, import it into the register, write the rejected rows."""
        import pandas as pd

        from gbda_core.errors import DataError
        from gbda_core.register import ImportAborted

        from ...feedback import QgisFeedback

        def text(key):
            return self.parameterAsString(parameters, key, context) or None

        mapping = {
            name: field
            for name in core.REGISTER_IMPORT_FIELDS
            if (field := text(f"FIELD_{name.upper()}"))
        }
        if self.parameterAsBool(parameters, "IGNORE_ID", context):
            mapping["id"] = ""
        fields = self.field_names(parameters, "INPUT", context)
        frame = self.read_frame(parameters, "INPUT", context, feedback, fields)
        status = core.REGISTER_STATUSES[self.parameterAsEnum(parameters, "STATUS", context)]
        with open_store_input(self, parameters, context, create=True) as register:
            try:
                report = register.import_layer(
                    frame,
                    mapping=mapping,
                    type_mapping=text("MAPPING"),
                    strict=self.parameterAsBool(parameters, "STRICT", context),
                    status=status,
                    programme=text("PROGRAMME") or core.DEFAULT_PROGRAMME,
                    user=text("USER"),
                    feedback=QgisFeedback(feedback),
                )
            except ImportAborted as exc:
                self.report_rejected(exc.report, feedback)
                raise
            feedback.pushInfo(f"{register.location}: {report.summary()}")
        self.report_rejected(report, feedback)
        if report.rows and not (report.added or report.updated or report.unchanged):
            hint = "see the rejected rows above"
            raise DataError("no row could be imported", source=report.source, hint=hint)
        rejected = pd.DataFrame(
            {"row": [r.row for r in report.rejected], "reason": [r.reason for r in report.rejected]}
        ).astype({"row": "int64"})
        outputs = {"REJECTED": self.write_frame(parameters, "REJECTED", context, rejected)}
        for key, attribute, _ in COUNTS:
            value = getattr(report, attribute)
            outputs[key] = value if isinstance(value, int) else len(value)
        self.load_register(parameters, context, feedback)
        return outputs

    def report_rejected(self, report, feedback) -> None:
        """One warning per rejected row: layer, feature id, reason."""
        for row in report.rejected:
            feedback.pushWarning(row.one_line())

    def load_register(self, parameters, context, feedback) -> None:
        """Add the register's elements to the project once, as the register dock shows them:
        read-only, with the register's value maps, date widgets and constraints, styled by
        status (:func:`gbda_plugin.register_layers.configure`)."""
        from qgis.core import QgsProcessingContext

        from gbda_core.errors import GbdaError

        from ...register_layers import configure, element_layers
        from ...styling import StyleOnLoad

        project = context.project()
        if project is None:
            return
        try:
            layers = element_layers(*store_names(self, parameters, context))
        except GbdaError as exc:  # the import is done: say why its layers are not shown
            feedback.pushWarning(str(exc))
            return
        present = {layer.source() for layer in project.mapLayers().values()}
        for layer in layers:
            if layer.source() in present:
                continue
            context.temporaryLayerStore().addMapLayer(layer)
            details = QgsProcessingContext.LayerDetails(layer.name(), project, "REGISTER")
            # Configured once loaded: Processing may give a loaded layer a style of its own, and
            # in QGIS 3.22 loading a style clears the fields' constraints.
            details.setPostProcessor(StyleOnLoad.create(configure))
            context.addLayerToLoadOnCompletion(layer.id(), details)
