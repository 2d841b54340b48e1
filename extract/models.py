"""The output contract (version 1) as pydantic models.

`schemas/document.schema.json` is generated from these models (`plan-extract schema`);
a test fails when the checked-in file and the models disagree. Field names are a
contract: add fields, never rename or drop them.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Span = tuple[int, int]

SectionStyle = Literal["part", "article", "roman", "arabic", "decimal", "letter"]
SectionKind = Literal["purpose", "objectives", "tasks", "funding", "implementation", "reporting", "other"]
AdminLevel = Literal["province", "district", "commune"]
SourceFormat = Literal["txt", "md", "docx", "pdf", "html"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Model):
    path: str
    sha256: str
    chars: int = Field(description="length of the decoded input text, in characters")
    format: SourceFormat
    encoding: Optional[str] = Field(
        None, description='how the text was read: "utf-8", "utf-16", "cp1258", "tcvn3", "vni"; null for docx/pdf/html')
    text: Optional[str] = Field(
        None, description="the text the spans point into, when it is not the file's own UTF-8 text: "
                          "the text extracted from a docx/pdf/html file, or converted from a legacy encoding")


class Signer(Model):
    name: Optional[str] = None
    position: Optional[str] = Field(None, description='e.g. "Phó Chủ tịch"')
    authority: Optional[str] = Field(None, description='e.g. "KT. Chủ tịch", "TM. Ủy ban nhân dân"')


class Period(Model):
    start: Optional[int] = None
    end: Optional[int] = None


class Metadata(Model):
    doc_type: Optional[str] = None
    number: Optional[str] = Field(None, description='"138/KH-UBND"; "/CTr-UBND" when the number is left blank')
    title: Optional[str] = None
    issuer: Optional[str] = None
    admin_level: Optional[AdminLevel] = None
    province: Optional[str] = None
    district: Optional[str] = None
    issued_date: Optional[str] = Field(None, description="ISO 8601, partial allowed: 2021-08")
    period: Optional[Period] = None
    signer: Optional[Signer] = None
    recipients: list[str] = Field(default_factory=list)


class Section(Model):
    id: str
    path: list[str]
    label: str
    style: SectionStyle
    level: int = Field(ge=1)
    title: str
    kind: Optional[SectionKind] = None
    span: Span
    heading_span: Span
    title_span: Optional[Span] = Field(None, description="the title alone (added in 1.0: not in the v1 contract table)")
    children: list[Section] = Field(default_factory=list)


class Target(Model):
    id: str
    section_id: Optional[str] = None
    text: str
    span: Span
    indicator: str
    indicator_code: Optional[str] = None
    indicator_number: Optional[int] = None
    direction: Literal["increase", "decrease", "maintain", "reach", "complete"]
    change: Literal["to", "by"]
    comparator: Literal["<", "<=", "=", ">=", ">"]
    value: Optional[float] = None
    value_max: Optional[float] = None
    unit: Optional[str] = None
    year: Optional[int] = None
    qualifier: Optional[str] = None


class Deadline(Model):
    id: str
    section_id: Optional[str] = None
    text: str
    span: Span
    kind: Literal["date", "year", "period", "recurring"]
    value: str
    recurrence: Optional[str] = Field(None, description='ISO 8601 duration: "P1Y", "P6M"')
    subject: Optional[str] = None


class Mention(Model):
    text: str
    span: Span


class Citation(Model):
    id: str
    doc_type: str
    number: Optional[str] = None
    code: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    title: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)


class Assignment(Model):
    id: str
    section_id: Optional[str] = None
    span: Span
    agency: str
    agency_level: Optional[AdminLevel] = None
    role: Literal["lead", "coordinate", "requested"]
    tasks: list[str] = Field(default_factory=list)
    indicator_numbers: list[int] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)


class Document(Model):
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source: Source
    metadata: Metadata = Field(default_factory=Metadata)
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def iter_sections(self):
        """All sections, depth first, in document order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.children))
