<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en">
  <context>
    <name>GBDA</name>
    <message>
      <source>GBDA tools are disabled.</source>
      <translation>De GBDA-gereedschappen zijn uitgeschakeld.</translation>
    </message>
    <message>
      <source>found</source>
      <translation>gevonden</translation>
    </message>
    <message>
      <source>The plugin's copy of {packages} is missing; reinstall the plugin zip.</source>
      <translation>De meegeleverde kopie van {packages} ontbreekt; installeer de plugin-zip opnieuw.</translation>
    </message>
    <message>
      <source>Install them into the Python that QGIS uses (Windows: in the OSGeo4W Shell) with: {command} and restart QGIS.</source>
      <translation>Installeer ze in de Python die QGIS gebruikt (Windows: in de OSGeo4W Shell) met: {command} en start QGIS opnieuw.</translation>
    </message>
    <message>
      <source>Missing Python packages: {packages}.</source>
      <translation>Ontbrekende Python-pakketten: {packages}.</translation>
    </message>
    <message>
      <source>Bebouwde kom</source>
      <translation>Bebouwde kom</translation>
    </message>
    <message>
      <source>Natuurnetwerk Nederland (NNN)</source>
      <translation>Natuurnetwerk Nederland (NNN)</translation>
    </message>
    <message>
      <source>Natura 2000</source>
      <translation>Natura 2000</translation>
    </message>
    <message>
      <source>Large water</source>
      <translation>Groot water</translation>
    </message>
    <message>
      <source>Forest</source>
      <translation>Bos</translation>
    </message>
    <message>
      <source>Other land to leave out (always)</source>
      <translation>Overige grond die niet meetelt (altijd)</translation>
    </message>
    <message>
      <source>aanvalsplan: without bebouwde kom and NNN</source>
      <translation>aanvalsplan: zonder bebouwde kom en NNN</translation>
    </message>
    <message>
      <source>strict: also without Natura 2000, large water and forest</source>
      <translation>strikt: ook zonder Natura 2000, groot water en bos</translation>
    </message>
    <message>
      <source>custom: leave out the kinds listed</source>
      <translation>eigen keuze: laat de genoemde soorten weg</translation>
    </message>
    <message>
      <source>footprint: real dissolved area</source>
      <translation>footprint: werkelijke oppervlakte, overlap één keer</translation>
    </message>
    <message>
      <source>efa: footprint plus EU EFA weighted area</source>
      <translation>efa: footprint plus gewogen EU-EFA-oppervlakte</translation>
    </message>
    <message>
      <source>absolute: the 2030 target as given</source>
      <translation>absoluut: het doel voor 2030 zoals opgegeven</translation>
    </message>
    <message>
      <source>gap: current share + 50 % of the gap to the 2050 target</source>
      <translation>opgave: huidig aandeel + 50 % van het gat tot het doel voor 2050</translation>
    </message>
    <message>
      <source>meets the 2050 target</source>
      <translation>haalt het doel voor 2050</translation>
    </message>
    <message>
      <source>meets the 2030 target</source>
      <translation>haalt het doel voor 2030</translation>
    </message>
    <message>
      <source>below the 2030 target</source>
      <translation>onder het doel voor 2030</translation>
    </message>
    <message>
      <source>no rural area</source>
      <translation>geen landelijk gebied</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>Gebied</translation>
    </message>
    <message>
      <source>Rural (ha)</source>
      <translation>Landelijk (ha)</translation>
    </message>
    <message>
      <source>Elements (ha)</source>
      <translation>Elementen (ha)</translation>
    </message>
    <message>
      <source>Share (%)</source>
      <translation>Aandeel (%)</translation>
    </message>
    <message>
      <source>Woody (%)</source>
      <translation>Houtig (%)</translation>
    </message>
    <message>
      <source>Gap 2030 (ha)</source>
      <translation>Tekort 2030 (ha)</translation>
    </message>
    <message>
      <source>Gap 2050 (ha)</source>
      <translation>Tekort 2050 (ha)</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>&amp;GBDA</source>
      <translation>&amp;GBDA</translation>
    </message>
    <message>
      <source>Share per area…</source>
      <translation>Aandeel per gebied…</translation>
    </message>
    <message>
      <source>Share of landscape elements per area against targets</source>
      <translation>Aandeel landschapselementen per gebied ten opzichte van de doelen</translation>
    </message>
    <message>
      <source>{t} % or more: 2050 target met</source>
      <translation>{t} % of meer: doel 2050 gehaald</translation>
    </message>
    <message>
      <source>{a} to {b} %: 2030 target met</source>
      <translation>{a} tot {b} %: doel 2030 gehaald</translation>
    </message>
    <message>
      <source>under {t} %: below the 2030 target</source>
      <translation>onder {t} %: onder het doel voor 2030</translation>
    </message>
    <message>
      <source>No result yet.</source>
      <translation>Nog geen resultaat.</translation>
    </message>
    <message>
      <source>Choose the areas layer.</source>
      <translation>Kies de laag met gebieden.</translation>
    </message>
    <message>
      <source>Choose the id field of the areas.</source>
      <translation>Kies het id-veld van de gebieden.</translation>
    </message>
    <message>
      <source>Choose at least one element layer.</source>
      <translation>Kies ten minste één laag met elementen.</translation>
    </message>
    <message>
      <source>Cancelled.</source>
      <translation>Geannuleerd.</translation>
    </message>
    <message>
      <source>GBDA share per area</source>
      <translation>GBDA-aandeel per gebied</translation>
    </message>
    <message>
      <source>Type mapping</source>
      <translation>Typevertaling</translation>
    </message>
    <message>
      <source>{n} areas computed.</source>
      <translation>{n} gebieden berekend.</translation>
    </message>
    <message>
      <source>Choose the type field of {layer}.</source>
      <translation>Kies het typeveld van {layer}.</translation>
    </message>
    <message>
      <source>{n} data problems: see the GBDA tab of the log.</source>
      <translation>{n} dataproblemen: zie het tabblad GBDA van het logboek.</translation>
    </message>
    <message>
      <source>reading layers</source>
      <translation>lagen lezen</translation>
    </message>
    <message>
      <source>Share</source>
      <translation>Aandeel</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>Importeren</translation>
    </message>
    <message>
      <source>Working CRS (projected, metres)</source>
      <translation>Reken-CRS (geprojecteerd, meters)</translation>
    </message>
    <message>
      <source>Areas and lengths are measured in this CRS.</source>
      <translation>Oppervlakten en lengten worden in dit CRS gemeten.</translation>
    </message>
    <message>
      <source>Cancelled by the user.</source>
      <translation>Geannuleerd door de gebruiker.</translation>
    </message>
    <message>
      <source>Line elements</source>
      <translation>Lijnelementen</translation>
    </message>
    <message>
      <source>Polygon elements</source>
      <translation>Vlakelementen</translation>
    </message>
    <message>
      <source>Point elements</source>
      <translation>Puntelementen</translation>
    </message>
    <message>
      <source>Rural area</source>
      <translation>Landelijk gebied</translation>
    </message>
    <message>
      <source>Data problems</source>
      <translation>Dataproblemen</translation>
    </message>
    <message>
      <source>Excluded land</source>
      <translation>Uitgesloten grond</translation>
    </message>
    <message>
      <source>{n} elements have no point, line or polygon geometry</source>
      <translation>{n} elementen hebben geen punt-, lijn- of vlakgeometrie</translation>
    </message>
    <message>
      <source>GBDA planner: groenblauwe dooradering</source>
      <translation>GBDA-planner: groenblauwe dooradering</translation>
    </message>
    <message>
      <source>Reads a BGT download from PDOK (zip with bgt_*.gml files in CityGML/IMGeo format) into landscape elements with an element_type field, split into line, polygon and point layers, the rural area, and excluded land (large water, forest, nature). Only current objects are read. A class mapping file (TOML) replaces the shipped BGT class mapping.</source>
      <translation>Leest een BGT-download van PDOK (zip met bgt_*.gml-bestanden in CityGML/IMGeo-formaat) in als landschapselementen met een veld element_type, verdeeld over lijn-, vlak- en puntlagen, het landelijk gebied en uitgesloten grond (groot water, bos, natuur). Alleen actuele objecten worden gelezen. Een eigen klassenvertaling (TOML) vervangt de meegeleverde BGT-klassenvertaling.</translation>
    </message>
    <message>
      <source>Import BGT</source>
      <translation>BGT importeren</translation>
    </message>
    <message>
      <source>The zip as downloaded from PDOK, in CityGML (IMGeo) format.</source>
      <translation>De zip zoals gedownload van PDOK, in CityGML-formaat (IMGeo).</translation>
    </message>
    <message>
      <source>BGT download (zip)</source>
      <translation>BGT-download (zip)</translation>
    </message>
    <message>
      <source>BGT class mapping (TOML)</source>
      <translation>BGT-klassenvertaling (TOML)</translation>
    </message>
    <message>
      <source>Reads BRP gewaspercelen (PDOK layout, fields category, gewas and gewascode) into landscape elements with an element_type field (category Landschapselement, typed by gewascode, else by gewas name) and the rural area (Grasland and Bouwland, and the element parcels). Codes the vocabulary does not know are listed as problems.</source>
      <translation>Leest BRP-gewaspercelen (PDOK-indeling, velden category, gewas en gewascode) in als landschapselementen met een veld element_type (categorie Landschapselement, getypeerd op gewascode, anders op gewasnaam) en als landelijk gebied (Grasland en Bouwland, en de elementpercelen). Codes die de woordenlijst niet kent, komen in de lijst met problemen.</translation>
    </message>
    <message>
      <source>Import BRP</source>
      <translation>BRP importeren</translation>
    </message>
    <message>
      <source>Any polygon layer with the fields category, gewas and gewascode.</source>
      <translation>Elke vlaklaag met de velden category, gewas en gewascode.</translation>
    </message>
    <message>
      <source>BRP gewaspercelen</source>
      <translation>BRP-gewaspercelen</translation>
    </message>
    <message>
      <source>Share of landscape elements in the rural area of each area (%), against the 2030 and 2050 targets, with the gap in ha. Lines count as strips of their width (width field, else the type's default), points with the type's default area; overlaps count once. Types are vocabulary codes or Dutch names, or mapped by a mapping file. Areas and lengths are measured in the working CRS (EPSG:28992 by default).</source>
      <translation>Aandeel landschapselementen in het landelijk gebied van elk gebied (%), ten opzichte van de doelen voor 2030 en 2050, met het tekort in ha. Lijnen tellen als strook van hun breedte (breedteveld, anders de standaardbreedte van het type), punten met de standaardoppervlakte van het type; overlap telt één keer. Typen zijn codes of Nederlandse namen uit de woordenlijst, of worden vertaald met een typevertaling. Oppervlakten en lengten worden gemeten in het reken-CRS (standaard EPSG:28992).</translation>
    </message>
    <message>
      <source>Line elements (hedges, tree rows, banks)</source>
      <translation>Lijnelementen (heggen, bomenrijen, oevers)</translation>
    </message>
    <message>
      <source>Polygon elements (ponds, copses, reed plots)</source>
      <translation>Vlakelementen (poelen, bosjes, rietpercelen)</translation>
    </message>
    <message>
      <source>Point elements (single trees, small ponds)</source>
      <translation>Puntelementen (losse bomen, kleine poelen)</translation>
    </message>
    <message>
      <source>Share per area</source>
      <translation>Aandeel per gebied</translation>
    </message>
    <message>
      <source>Areas</source>
      <translation>Gebieden</translation>
    </message>
    <message>
      <source>Area id field</source>
      <translation>Id-veld van de gebieden</translation>
    </message>
    <message>
      <source>Width field (m)</source>
      <translation>Breedteveld (m)</translation>
    </message>
    <message>
      <source>Type mapping file</source>
      <translation>Bestand met typevertaling</translation>
    </message>
    <message>
      <source>Rural area (instead of the whole area)</source>
      <translation>Landelijk gebied (in plaats van het hele gebied)</translation>
    </message>
    <message>
      <source>Denominator profile</source>
      <translation>Noemerprofiel</translation>
    </message>
    <message>
      <source>Custom profile: kinds to leave out</source>
      <translation>Eigen profiel: soorten die niet meetellen</translation>
    </message>
    <message>
      <source>Counting mode</source>
      <translation>Telwijze</translation>
    </message>
    <message>
      <source>2030 target (%)</source>
      <translation>Doel 2030 (%)</translation>
    </message>
    <message>
      <source>2050 target (%)</source>
      <translation>Doel 2050 (%)</translation>
    </message>
    <message>
      <source>2030 reading</source>
      <translation>Lezing doel 2030</translation>
    </message>
    <message>
      <source>Breakdown per element type</source>
      <translation>Uitsplitsing per elementtype</translation>
    </message>
    <message>
      <source>Type field</source>
      <translation>Typeveld</translation>
    </message>
  </context>
  <context>
    <name>ShareDockBase</name>
    <message>
      <source>GBDA: share per area</source>
      <translation>GBDA: aandeel per gebied</translation>
    </message>
    <message>
      <source>Input</source>
      <translation>Invoer</translation>
    </message>
    <message>
      <source>Areas</source>
      <translation>Gebieden</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Laag</translation>
    </message>
    <message>
      <source>Id field</source>
      <translation>Id-veld</translation>
    </message>
    <message>
      <source>Landscape elements</source>
      <translation>Landschapselementen</translation>
    </message>
    <message>
      <source>Lines</source>
      <translation>Lijnen</translation>
    </message>
    <message>
      <source>Type field</source>
      <translation>Typeveld</translation>
    </message>
    <message>
      <source>Width field (m)</source>
      <translation>Breedteveld (m)</translation>
    </message>
    <message>
      <source>Polygons</source>
      <translation>Vlakken</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>Punten</translation>
    </message>
    <message>
      <source>Type mapping</source>
      <translation>Typevertaling</translation>
    </message>
    <message>
      <source>Land left out of the rural area</source>
      <translation>Grond die niet tot het landelijk gebied telt</translation>
    </message>
    <message>
      <source>Profile and targets</source>
      <translation>Profiel en doelen</translation>
    </message>
    <message>
      <source>Profile</source>
      <translation>Profiel</translation>
    </message>
    <message>
      <source>Custom kinds</source>
      <translation>Eigen soorten</translation>
    </message>
    <message>
      <source>e.g. bebouwde_kom,nnn,forest</source>
      <translation>bijv. bebouwde_kom,nnn,forest</translation>
    </message>
    <message>
      <source>Counting mode</source>
      <translation>Telwijze</translation>
    </message>
    <message>
      <source>2030 target</source>
      <translation>Doel 2030</translation>
    </message>
    <message>
      <source> %</source>
      <translation> %</translation>
    </message>
    <message>
      <source>2050 target</source>
      <translation>Doel 2050</translation>
    </message>
    <message>
      <source>2030 reading</source>
      <translation>Lezing doel 2030</translation>
    </message>
    <message>
      <source>Table</source>
      <translation>Tabel</translation>
    </message>
    <message>
      <source>Chart</source>
      <translation>Grafiek</translation>
    </message>
    <message>
      <source>Choose the layers, then press Run.</source>
      <translation>Kies de lagen en druk op Uitvoeren.</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>Uitvoeren</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
  </context>
</TS>
