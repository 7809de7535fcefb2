<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL" sourcelanguage="en">
  <context>
    <name>GBDA</name>
    <message>
      <source>ditch bank</source>
      <translation>slootkant</translation>
    </message>
    <message>
      <source>field edge</source>
      <translation>perceelsrand</translation>
    </message>
    <message>
      <source>headland</source>
      <translation>kopakker</translation>
    </message>
    <message>
      <source>farmyard</source>
      <translation>erf</translation>
    </message>
    <message>
      <source>road verge</source>
      <translation>wegberm</translation>
    </message>
    <message>
      <source>kade (embankment)</source>
      <translation>kade</translation>
    </message>
    <message>
      <source>field corner</source>
      <translation>perceelshoek</translation>
    </message>
    <message>
      <source>middle of a parcel</source>
      <translation>midden in een perceel</translation>
    </message>
    <message>
      <source>line</source>
      <translation>lijn</translation>
    </message>
    <message>
      <source>area</source>
      <translation>vlak</translation>
    </message>
    <message>
      <source>point</source>
      <translation>punt</translation>
    </message>
    <message>
      <source>high</source>
      <translation>hoog</translation>
    </message>
    <message>
      <source>medium</source>
      <translation>middel</translation>
    </message>
    <message>
      <source>low</source>
      <translation>laag</translation>
    </message>
    <message>
      <source>none</source>
      <translation>geen</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>onbekend</translation>
    </message>
    <message>
      <source>Water retention</source>
      <translation>Waterberging</translation>
    </message>
    <message>
      <source>Cooling</source>
      <translation>Verkoeling</translation>
    </message>
    <message>
      <source>Carbon storage</source>
      <translation>Koolstofvastlegging</translation>
    </message>
    <message>
      <source>Erosion control</source>
      <translation>Erosiebestrijding</translation>
    </message>
    <message>
      <source>per m</source>
      <translation>per m</translation>
    </message>
    <message>
      <source>per m²</source>
      <translation>per m²</translation>
    </message>
    <message>
      <source>per ha</source>
      <translation>per ha</translation>
    </message>
    <message>
      <source>per piece</source>
      <translation>per stuk</translation>
    </message>
    <message>
      <source>woody</source>
      <translation>houtig</translation>
    </message>
    <message>
      <source>wet</source>
      <translation>nat</translation>
    </message>
    <message>
      <source>herbaceous</source>
      <translation>kruidig</translation>
    </message>
    <message>
      <source>Width</source>
      <translation>Breedte</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>Lengte</translation>
    </message>
    <message>
      <source>Area</source>
      <translation>Gebied</translation>
    </message>
    <message>
      <source>Spacing</source>
      <translation>Plantafstand</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>Groep</translation>
    </message>
    <message>
      <source>Geometry</source>
      <translation>Geometrie</translation>
    </message>
    <message>
      <source>Counts as</source>
      <translation>Telt als</translation>
    </message>
    <message>
      <source>Soils</source>
      <translation>Bodems</translation>
    </message>
    <message>
      <source>Wetness</source>
      <translation>Vochttoestand</translation>
    </message>
    <message>
      <source>Positions</source>
      <translation>Plaatsen</translation>
    </message>
    <message>
      <source>adds no GBDA area</source>
      <translation>voegt geen GBDA-oppervlak toe</translation>
    </message>
    <message>
      <source>{name} (GBDA category: {category})</source>
      <translation>{name} (GBDA-categorie: {category})</translation>
    </message>
    <message>
      <source>manages a feature that is already there: adds no new area</source>
      <translation>beheer van wat er al ligt: voegt geen nieuw oppervlak toe</translation>
    </message>
    <message>
      <source>estimate</source>
      <translation>schatting</translation>
    </message>
    <message>
      <source>sourced</source>
      <translation>met bron</translation>
    </message>
    <message>
      <source>Dimensions</source>
      <translation>Afmetingen</translation>
    </message>
    <message>
      <source>Ecological value</source>
      <translation>Ecologische waarde</translation>
    </message>
    <message>
      <source>Target species</source>
      <translation>Doelsoorten</translation>
    </message>
    <message>
      <source>Climate contribution</source>
      <translation>Bijdrage aan klimaatadaptatie</translation>
    </message>
    <message>
      <source>Management (beheer)</source>
      <translation>Beheer</translation>
    </message>
    <message>
      <source>Actions</source>
      <translation>Maatregelen</translation>
    </message>
    <message>
      <source>Cycle</source>
      <translation>Cyclus</translation>
    </message>
    <message>
      <source>Season</source>
      <translation>Seizoen</translation>
    </message>
    <message>
      <source>ANLb package</source>
      <translation>ANLb-pakket</translation>
    </message>
    <message>
      <source>Costs</source>
      <translation>Kosten</translation>
    </message>
    <message>
      <source>Construction (aanleg)</source>
      <translation>Aanleg</translation>
    </message>
    <message>
      <source>Management per year (beheer)</source>
      <translation>Beheer per jaar</translation>
    </message>
    <message>
      <source>Combines well with</source>
      <translation>Combineert goed met</translation>
    </message>
    <message>
      <source>Sources</source>
      <translation>Bronnen</translation>
    </message>
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
      <source>from the soil layer (else unknown)</source>
      <translation>uit de bodemlaag (anders onbekend)</translation>
    </message>
    <message>
      <source>peat</source>
      <translation>veen</translation>
    </message>
    <message>
      <source>clay</source>
      <translation>klei</translation>
    </message>
    <message>
      <source>sand</source>
      <translation>zand</translation>
    </message>
    <message>
      <source>from the wetness layer (else unknown)</source>
      <translation>uit de laag vochttoestand (anders onbekend)</translation>
    </message>
    <message>
      <source>moist</source>
      <translation>vochtig</translation>
    </message>
    <message>
      <source>dry</source>
      <translation>droog</translation>
    </message>
    <message>
      <source>Water (ditches, watergangen)</source>
      <translation>Water (sloten, watergangen)</translation>
    </message>
    <message>
      <source>Roads and verges</source>
      <translation>Wegen en bermen</translation>
    </message>
    <message>
      <source>Buildings</source>
      <translation>Gebouwen</translation>
    </message>
    <message>
      <source>Erven (farmyards)</source>
      <translation>Erven</translation>
    </message>
    <message>
      <source>Kades and dikes</source>
      <translation>Kades en dijken</translation>
    </message>
    <message>
      <source>cost: least aanleg + beheer over the years</source>
      <translation>kosten: zo laag mogelijke aanleg + beheer over de jaren</translation>
    </message>
    <message>
      <source>land: least productive land</source>
      <translation>grond: zo min mogelijk productieve grond</translation>
    </message>
    <message>
      <source>auto: exact unless there are very many candidates</source>
      <translation>auto: exact, tenzij er heel veel kandidaten zijn</translation>
    </message>
    <message>
      <source>exact (integer programme)</source>
      <translation>exact (geheeltallig programma)</translation>
    </message>
    <message>
      <source>heuristic (fast, not proven optimal)</source>
      <translation>heuristiek (snel, niet bewezen optimaal)</translation>
    </message>
    <message>
      <source>Water and banks</source>
      <translation>Water en oever</translation>
    </message>
    <message>
      <source>Grassland</source>
      <translation>Grasland</translation>
    </message>
    <message>
      <source>Arable land and field margins</source>
      <translation>Akker en rand</translation>
    </message>
    <message>
      <source>Woody elements</source>
      <translation>Houtige elementen</translation>
    </message>
    <message>
      <source>Farmyard</source>
      <translation>Erf</translation>
    </message>
    <message>
      <source>Fauna provisions</source>
      <translation>Faunavoorzieningen</translation>
    </message>
    <message>
      <source>gepland (planned)</source>
      <translation>gepland</translation>
    </message>
    <message>
      <source>aangelegd (planted)</source>
      <translation>aangelegd</translation>
    </message>
    <message>
      <source>gecontroleerd (checked)</source>
      <translation>gecontroleerd</translation>
    </message>
    <message>
      <source>verdwenen (gone)</source>
      <translation>verdwenen</translation>
    </message>
    <message>
      <source>year</source>
      <translation>jaar</translation>
    </message>
    <message>
      <source>region</source>
      <translation>regio</translation>
    </message>
    <message>
      <source>collectief</source>
      <translation>collectief</translation>
    </message>
    <message>
      <source>element type</source>
      <translation>elementtype</translation>
    </message>
    <message>
      <source>status</source>
      <translation>status</translation>
    </message>
    <message>
      <source>#</source>
      <translation>#</translation>
    </message>
    <message>
      <source>Bouwsteen</source>
      <translation>Bouwsteen</translation>
    </message>
    <message>
      <source>Score</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>Verdict</source>
      <translation>Oordeel</translation>
    </message>
    <message>
      <source>Reasons</source>
      <translation>Waarom</translation>
    </message>
    <message>
      <source>Elements</source>
      <translation>Elementen</translation>
    </message>
    <message>
      <source>Beheer actions</source>
      <translation>Beheermaatregelen</translation>
    </message>
    <message>
      <source>optimal</source>
      <translation>optimaal</translation>
    </message>
    <message>
      <source>not proven optimal</source>
      <translation>niet bewezen optimaal</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>past</translation>
    </message>
    <message>
      <source>excluded</source>
      <translation>valt af</translation>
    </message>
    <message>
      <source>Share of the rural area</source>
      <translation>Aandeel van het landelijk gebied</translation>
    </message>
    <message>
      <source>Woody share of the elements</source>
      <translation>Houtig aandeel van de elementen</translation>
    </message>
    <message>
      <source>New hedge</source>
      <translation>Nieuwe heg</translation>
    </message>
    <message>
      <source>Elements placed</source>
      <translation>Geplaatste elementen</translation>
    </message>
    <message>
      <source>Area added</source>
      <translation>Toegevoegd oppervlak</translation>
    </message>
    <message>
      <source>Management (beheer) per year</source>
      <translation>Beheer per jaar</translation>
    </message>
    <message>
      <source>Productive land taken</source>
      <translation>Productieve grond gebruikt</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>Methode</translation>
    </message>
    <message>
      <source>Goals reached</source>
      <translation>Doelen gehaald</translation>
    </message>
    <message>
      <source>Elements of unknown cost</source>
      <translation>Elementen met onbekende kosten</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>ja</translation>
    </message>
    <message>
      <source>no</source>
      <translation>nee</translation>
    </message>
    <message>
      <source>{total} ha (woody {woody}, wet {wet}, herbaceous {herb}, not counted {other})</source>
      <translation>{total} ha (houtig {woody}, nat {wet}, kruidig {herb}, telt niet mee {other})</translation>
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
      <source>Natuurbouwstenen catalogue…</source>
      <translation>Catalogus natuurbouwstenen…</translation>
    </message>
    <message>
      <source>Browse the natuurbouwstenen by group, soil, wetness and position</source>
      <translation>Blader door de natuurbouwstenen op groep, bodem, vochttoestand en plaats</translation>
    </message>
    <message>
      <source>Plan parcels…</source>
      <translation>Percelen inrichten…</translation>
    </message>
    <message>
      <source>Suggest natuurbouwstenen for selected parcels and plan a layout</source>
      <translation>Natuurbouwstenen voorstellen voor geselecteerde percelen en een inrichting plannen</translation>
    </message>
    <message>
      <source>Open register…</source>
      <translation>Register openen…</translation>
    </message>
    <message>
      <source>Open a progress register as a layer and record status changes</source>
      <translation>Een voortgangsregister als laag openen en statuswijzigingen vastleggen</translation>
    </message>
    <message>
      <source>Programme progress…</source>
      <translation>Voortgang van het programma…</translation>
    </message>
    <message>
      <source>Km realised against the programme target, pace and forecast</source>
      <translation>Gerealiseerde km tegen het doel van het programma, tempo en prognose</translation>
    </message>
    <message>
      <source>&amp;GBDA</source>
      <translation>&amp;GBDA</translation>
    </message>
    <message>
      <source>no: the forecast is after the deadline</source>
      <translation>nee: de prognose ligt na de einddatum</translation>
    </message>
    <message>
      <source>unknown: no forecast</source>
      <translation>onbekend: geen prognose</translation>
    </message>
    <message>
      <source>km per year</source>
      <translation>km per jaar</translation>
    </message>
    <message>
      <source>Realised</source>
      <translation>Gerealiseerd</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>Doel</translation>
    </message>
    <message>
      <source>Still to realise</source>
      <translation>Nog te realiseren</translation>
    </message>
    <message>
      <source>Pace achieved</source>
      <translation>Gehaald tempo</translation>
    </message>
    <message>
      <source>Pace needed</source>
      <translation>Nodig tempo</translation>
    </message>
    <message>
      <source>Forecast</source>
      <translation>Prognose</translation>
    </message>
    <message>
      <source>On track</source>
      <translation>Op koers</translation>
    </message>
    <message>
      <source>Planned (gepland)</source>
      <translation>Gepland</translation>
    </message>
    <message>
      <source>Gone (verdwenen)</source>
      <translation>Verdwenen</translation>
    </message>
    <message>
      <source>Realised area</source>
      <translation>Gerealiseerd oppervlak</translation>
    </message>
    <message>
      <source>As at</source>
      <translation>Peildatum</translation>
    </message>
    <message>
      <source>never</source>
      <translation>nooit</translation>
    </message>
    <message>
      <source>by</source>
      <translation>uiterlijk</translation>
    </message>
    <message>
      <source>({level} % range {earliest} to {latest})</source>
      <translation>({level} %-bereik {earliest} tot {latest})</translation>
    </message>
    <message>
      <source>points</source>
      <translation>punten</translation>
    </message>
    <message>
      <source>lines</source>
      <translation>lijnen</translation>
    </message>
    <message>
      <source>polygons</source>
      <translation>vlakken</translation>
    </message>
    <message>
      <source>element_type must be a code of the element vocabulary</source>
      <translation>element_type moet een code uit de elementenlijst zijn</translation>
    </message>
    <message>
      <source>QGIS cannot open the register's elements</source>
      <translation>QGIS kan de elementen van het register niet openen</translation>
    </message>
    <message>
      <source>GBDA register ({kind})</source>
      <translation>GBDA-register ({kind})</translation>
    </message>
    <message>
      <source>{field} may not be before the dates before it ({order})</source>
      <translation>{field} mag niet vóór de eerdere datums liggen ({order})</translation>
    </message>
    <message>
      <source>status must be one of: {values}</source>
      <translation>status moet een van deze zijn: {values}</translation>
    </message>
    <message>
      <source>status {values} needs it</source>
      <translation>status {values} vraagt deze datum</translation>
    </message>
    <message>
      <source>status {values} cannot have it yet</source>
      <translation>status {values} kan deze datum nog niet hebben</translation>
    </message>
    <message>
      <source>{field} (computed)</source>
      <translation>{field} (berekend)</translation>
    </message>
    <message>
      <source>give either a register GeoPackage or a PostgreSQL connection</source>
      <translation>geef een register-GeoPackage of een PostgreSQL-verbinding</translation>
    </message>
    <message>
      <source>a .gpkg file, or a connection name or service=NAME</source>
      <translation>een .gpkg-bestand, of een verbindingsnaam of service=NAAM</translation>
    </message>
    <message>
      <source>no PostgreSQL connection named {name} in QGIS</source>
      <translation>geen PostgreSQL-verbinding met de naam {name} in QGIS</translation>
    </message>
    <message>
      <source>give service=NAME, a libpq connection string or the name of a connection in the Browser panel</source>
      <translation>geef service=NAAM, een libpq-verbindingstekst of de naam van een verbinding in het paneel Browser</translation>
    </message>
    <message>
      <source>the register needs the Python package {name}</source>
      <translation>het register heeft het Python-pakket {name} nodig</translation>
    </message>
    <message>
      <source>install it in the Python that QGIS runs: {command}</source>
      <translation>installeer het in de Python waarmee QGIS draait: {command}</translation>
    </message>
    <message>
      <source>woody (houtig)</source>
      <translation>houtig</translation>
    </message>
    <message>
      <source>wet (nat)</source>
      <translation>nat</translation>
    </message>
    <message>
      <source>herbaceous (kruidig)</source>
      <translation>kruidig</translation>
    </message>
    <message>
      <source>no GBDA element type</source>
      <translation>geen GBDA-elementtype</translation>
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
      <source>Folder of a province's catalogue</source>
      <translation>Map met de catalogus van een provincie</translation>
    </message>
    <message>
      <source>(all)</source>
      <translation>(alle)</translation>
    </message>
    <message>
      <source>{n} bouwstenen from {source}.</source>
      <translation>{n} natuurbouwstenen uit {source}.</translation>
    </message>
    <message>
      <source>{n} of {total} bouwstenen</source>
      <translation>{n} van {total} natuurbouwstenen</translation>
    </message>
    <message>
      <source>No bouwsteen matches the filters.</source>
      <translation>Geen natuurbouwsteen past bij de filters.</translation>
    </message>
    <message>
      <source>Type mapping</source>
      <translation>Typevertaling</translation>
    </message>
    <message>
      <source>Choose the type field of {layer}.</source>
      <translation>Kies het typeveld van {layer}.</translation>
    </message>
    <message>
      <source>GBDA layout</source>
      <translation>GBDA-inrichting</translation>
    </message>
    <message>
      <source>Choose the parcels layer.</source>
      <translation>Kies de laag met percelen.</translation>
    </message>
    <message>
      <source>GeoPackage</source>
      <translation>GeoPackage</translation>
    </message>
    <message>
      <source>Tick at least one goal.</source>
      <translation>Vink minstens één doel aan.</translation>
    </message>
    <message>
      <source>{n} parcels, {ha} ha.</source>
      <translation>{n} percelen, {ha} ha.</translation>
    </message>
    <message>
      <source>{fit} of {n} natuurbouwstenen fit.</source>
      <translation>{fit} van {n} natuurbouwstenen passen.</translation>
    </message>
    <message>
      <source>{n} elements planned.</source>
      <translation>{n} elementen gepland.</translation>
    </message>
    <message>
      <source>GBDA suggestions</source>
      <translation>GBDA-suggesties</translation>
    </message>
    <message>
      <source>GBDA layout plan</source>
      <translation>GBDA-inrichtingsplan</translation>
    </message>
    <message>
      <source>reading layers</source>
      <translation>lagen lezen</translation>
    </message>
    <message>
      <source>No report yet.</source>
      <translation>Nog geen rapport.</translation>
    </message>
    <message>
      <source>target {km} km</source>
      <translation>doel {km} km</translation>
    </message>
    <message>
      <source>reading the register</source>
      <translation>register lezen</translation>
    </message>
    <message>
      <source>computing the progress</source>
      <translation>voortgang berekenen</translation>
    </message>
    <message>
      <source>GBDA programme progress</source>
      <translation>GBDA-voortgang van het programma</translation>
    </message>
    <message>
      <source>{km} km realised.</source>
      <translation>{km} km gerealiseerd.</translation>
    </message>
    <message>
      <source>{done} of {target} km ({pct} %)</source>
      <translation>{done} van {target} km ({pct} %)</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Versie</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Actie</translation>
    </message>
    <message>
      <source>When (UTC)</source>
      <translation>Wanneer (UTC)</translation>
    </message>
    <message>
      <source>By</source>
      <translation>Door</translation>
    </message>
    <message>
      <source>Fields changed</source>
      <translation>Gewijzigde velden</translation>
    </message>
    <message>
      <source>GBDA register</source>
      <translation>GBDA-register</translation>
    </message>
    <message>
      <source>Status recorded.</source>
      <translation>Status vastgelegd.</translation>
    </message>
    <message>
      <source>Select one element of a register layer on the map.</source>
      <translation>Selecteer één element van een registerlaag op de kaart.</translation>
    </message>
    <message>
      <source>{n} elements in {store}.</source>
      <translation>{n} elementen in {store}.</translation>
    </message>
    <message>
      <source>{type}, status {status}, version {version}
{id}</source>
      <translation>{type}, status {status}, versie {version}
{id}</translation>
    </message>
    <message>
      <source>No register in {store}: press Create new to make one.</source>
      <translation>Geen register in {store}: druk op Nieuw maken om er een te maken.</translation>
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
      <source>GBDA share per area</source>
      <translation>GBDA-aandeel per gebied</translation>
    </message>
    <message>
      <source>{n} areas computed.</source>
      <translation>{n} gebieden berekend.</translation>
    </message>
    <message>
      <source>verdwenen is final: this element cannot change status.</source>
      <translation>verdwenen is definitief: dit element kan niet meer van status veranderen.</translation>
    </message>
    <message>
      <source>Choose a register file or give a PostgreSQL connection.</source>
      <translation>Kies een registerbestand of geef een PostgreSQL-verbinding.</translation>
    </message>
    <message>
      <source>{n} data problems: see the GBDA tab of the log.</source>
      <translation>{n} dataproblemen: zie het tabblad GBDA van het logboek.</translation>
    </message>
    <message>
      <source>No features of {layer} are selected: select some on the map, or untick 'Selected features only'.</source>
      <translation>Er zijn geen objecten van {layer} geselecteerd: selecteer ze op de kaart, of zet 'Alleen geselecteerde objecten' uit.</translation>
    </message>
    <message>
      <source>Cancelled.</source>
      <translation>Geannuleerd.</translation>
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
      <source>Planning</source>
      <translation>Planning</translation>
    </message>
    <message>
      <source>Register and progress</source>
      <translation>Register en voortgang</translation>
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
      <source>Data problems</source>
      <translation>Dataproblemen</translation>
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
      <source>Translates your own type values into element types (see type_mapping.toml).</source>
      <translation>Vertaalt uw eigen typewaarden naar elementtypen (zie type_mapping.toml).</translation>
    </message>
    <message>
      <source>Type mapping file</source>
      <translation>Bestand met typevertaling</translation>
    </message>
    <message>
      <source>Width field (m)</source>
      <translation>Breedteveld (m)</translation>
    </message>
    <message>
      <source>Type field</source>
      <translation>Typeveld</translation>
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
      <source>Register (GeoPackage)</source>
      <translation>Register (GeoPackage)</translation>
    </message>
    <message>
      <source>A new file becomes a new register. Or give a PostgreSQL register.</source>
      <translation>Een nieuw bestand wordt een nieuw register. Of geef een register in PostgreSQL.</translation>
    </message>
    <message>
      <source>Or give a PostgreSQL register.</source>
      <translation>Of geef een register in PostgreSQL.</translation>
    </message>
    <message>
      <source>The name of a PostgreSQL connection in the Browser panel, service=NAME or a libpq connection string. Passwords belong in the connection or in ~/.pgpass.</source>
      <translation>De naam van een PostgreSQL-verbinding in het paneel Browser, service=NAAM of een libpq-verbindingstekst. Wachtwoorden horen in de verbinding of in ~/.pgpass.</translation>
    </message>
    <message>
      <source>PostgreSQL schema of the register</source>
      <translation>PostgreSQL-schema van het register</translation>
    </message>
    <message>
      <source>Default: gbda_register.</source>
      <translation>Standaard: gbda_register.</translation>
    </message>
    <message>
      <source>Register in PostgreSQL (connection)</source>
      <translation>Register in PostgreSQL (verbinding)</translation>
    </message>
    <message>
      <source>Lines count as 1 m wide. Each edge of the site is judged by what it borders.</source>
      <translation>Lijnen tellen als 1 m breed. Elke rand van de plek wordt beoordeeld naar wat eraan grenst.</translation>
    </message>
    <message>
      <source>Soil</source>
      <translation>Bodem</translation>
    </message>
    <message>
      <source>Soil layer</source>
      <translation>Bodemlaag</translation>
    </message>
    <message>
      <source>Wetness layer (e.g. grondwatertrappen)</source>
      <translation>Laag vochttoestand (bijv. grondwatertrappen)</translation>
    </message>
    <message>
      <source>Site: parcels or a farm polygon</source>
      <translation>Plek: percelen of een bedrijfsvlak</translation>
    </message>
    <message>
      <source>A province's own edition of the natuurbouwstenen (default: the shipped one).</source>
      <translation>De eigen uitgave van de natuurbouwstenen van een provincie (standaard: de meegeleverde).</translation>
    </message>
    <message>
      <source>Parcel id field</source>
      <translation>Id-veld van de percelen</translation>
    </message>
    <message>
      <source>Default: the field whose values name the classes.</source>
      <translation>Standaard: het veld waarvan de waarden de klassen noemen.</translation>
    </message>
    <message>
      <source>Catalogue folder</source>
      <translation>Map met de catalogus</translation>
    </message>
    <message>
      <source>Class field</source>
      <translation>Klasseveld</translation>
    </message>
    <message>
      <source>Change between snapshots</source>
      <translation>Verandering tussen twee standen</translation>
    </message>
    <message>
      <source>Compares two snapshots of landscape elements (e.g. two BGT downloads, imported with Import BGT) per area and element type: ha and km gained, lost, unchanged and net. Lines count as strips of their width, points with their type's area. A shift of an outline up to the tolerance (m) is no change; a type change is a loss of the old type and a gain of the new one. Outputs: the summary per area and type, and the gained and lost pieces as polygons (green and red).</source>
      <translation>Vergelijkt twee standen van landschapselementen (bijv. twee BGT-downloads, ingelezen met BGT importeren) per gebied en elementtype: ha en km erbij, verdwenen, ongewijzigd en netto. Lijnen tellen als stroken van hun breedte, punten met de oppervlakte van hun type. Een verschuiving van een omtrek tot de tolerantie (m) is geen verandering; een ander type is verlies van het oude type en winst van het nieuwe. Uitvoer: het overzicht per gebied en type, en de stukken erbij en verdwenen als vlakken (groen en rood).</translation>
    </message>
    <message>
      <source>Earlier elements (one or more layers)</source>
      <translation>Eerdere elementen (een of meer lagen)</translation>
    </message>
    <message>
      <source>Later elements (one or more layers)</source>
      <translation>Latere elementen (een of meer lagen)</translation>
    </message>
    <message>
      <source>Tolerance (m)</source>
      <translation>Tolerantie (m)</translation>
    </message>
    <message>
      <source>Width field (m), where a layer has it</source>
      <translation>Breedteveld (m), waar een laag het heeft</translation>
    </message>
    <message>
      <source>Areas</source>
      <translation>Gebieden</translation>
    </message>
    <message>
      <source>The largest digitising shift that is not a change.</source>
      <translation>De grootste verschuiving door intekenen die geen verandering is.</translation>
    </message>
    <message>
      <source>Area id field</source>
      <translation>Id-veld van de gebieden</translation>
    </message>
    <message>
      <source>Change per area and element type</source>
      <translation>Verandering per gebied en elementtype</translation>
    </message>
    <message>
      <source>Gained elements</source>
      <translation>Elementen erbij</translation>
    </message>
    <message>
      <source>Lost elements</source>
      <translation>Verdwenen elementen</translation>
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
      <source>Plans where new natuurbouwstenen go on a site to reach the goals (GBDA share in % of the site's rural area, woody share in % of the element area, metres of new hedge; 0 = not set) at the least cost (aanleg + beheer over the years, EUR) or the least productive land, within an optional aanleg budget. The share before and after comes from the share engine. Outputs: the layout (one polygon per element, styled by group), a summary and the goals; the verdict is shown in the log.</source>
      <translation>Plant waar nieuwe natuurbouwstenen op een plek komen om de doelen te halen (GBDA-aandeel in % van het landelijk gebied van de plek, houtig aandeel in % van de elementoppervlakte, meters nieuwe heg; 0 = geen doel) tegen de laagste kosten (aanleg + beheer over de jaren, euro) of met de minste productieve grond, binnen een eventueel budget voor aanleg. Het aandeel voor en na komt uit de aandeelberekening. Uitvoer: de inrichting (een vlak per element, opgemaakt per groep), een overzicht en de doelen; het oordeel staat in het logboek.</translation>
    </message>
    <message>
      <source>Goal: GBDA share of the site (%, 0 = none)</source>
      <translation>Doel: GBDA-aandeel van de plek (%, 0 = geen)</translation>
    </message>
    <message>
      <source>Goal: woody share of the elements (%, 0 = none)</source>
      <translation>Doel: houtig aandeel van de elementen (%, 0 = geen)</translation>
    </message>
    <message>
      <source>Goal: metres of new hedge (0 = none)</source>
      <translation>Doel: meters nieuwe heg (0 = geen)</translation>
    </message>
    <message>
      <source>Plan a layout</source>
      <translation>Inrichting plannen</translation>
    </message>
    <message>
      <source>Years of beheer counted in the cost</source>
      <translation>Jaren beheer in de kosten</translation>
    </message>
    <message>
      <source>Only these bouwstenen (ids, comma-separated)</source>
      <translation>Alleen deze bouwstenen (id's, gescheiden door komma's)</translation>
    </message>
    <message>
      <source>Objective</source>
      <translation>Doelfunctie</translation>
    </message>
    <message>
      <source>Budget for aanleg (EUR)</source>
      <translation>Budget voor aanleg (euro)</translation>
    </message>
    <message>
      <source>Largest aanleg cost; empty: no budget.</source>
      <translation>Hoogste kosten van aanleg; leeg: geen budget.</translation>
    </message>
    <message>
      <source>Solver</source>
      <translation>Oplosmethode</translation>
    </message>
    <message>
      <source>Time limit of the exact solver (s)</source>
      <translation>Tijdslimiet van de exacte oplosser (s)</translation>
    </message>
    <message>
      <source>Planned layout</source>
      <translation>Geplande inrichting</translation>
    </message>
    <message>
      <source>Plan summary</source>
      <translation>Overzicht van het plan</translation>
    </message>
    <message>
      <source>Plan goals</source>
      <translation>Doelen van het plan</translation>
    </message>
    <message>
      <source>Give a goal: a share, a woody share or hedge metres.</source>
      <translation>Geef een doel: een aandeel, een houtig aandeel of meters heg.</translation>
    </message>
    <message>
      <source>Km of landscape elements realised in the register against the programme target: realised km (planted by the date and not removed), remaining km, the pace so far and the pace needed to the deadline (km per year), and the date the target will be reached at the pace of the last years. Only linear element types count km. The breakdown table gives km per year, region, collectief, element type or status.</source>
      <translation>Km landschapselementen die volgens het register zijn gerealiseerd, tegen het doel van het programma: gerealiseerde km (aangelegd op de datum en niet verdwenen), resterende km, het tempo tot nu toe en het tempo dat nodig is tot de einddatum (km per jaar), en de datum waarop het doel in het tempo van de laatste jaren wordt gehaald. Alleen lijnvormige elementtypen tellen in km. De uitsplitsing geeft km per jaar, regio, collectief, elementtype of status.</translation>
    </message>
    <message>
      <source>Target (km)</source>
      <translation>Doel (km)</translation>
    </message>
    <message>
      <source>Realised (km)</source>
      <translation>Gerealiseerd (km)</translation>
    </message>
    <message>
      <source>Remaining (km)</source>
      <translation>Resterend (km)</translation>
    </message>
    <message>
      <source>Pace so far (km per year)</source>
      <translation>Tempo tot nu toe (km per jaar)</translation>
    </message>
    <message>
      <source>Pace needed (km per year)</source>
      <translation>Nodig tempo (km per jaar)</translation>
    </message>
    <message>
      <source>Planned (km)</source>
      <translation>Gepland (km)</translation>
    </message>
    <message>
      <source>Removed (km)</source>
      <translation>Verdwenen (km)</translation>
    </message>
    <message>
      <source>Realised (ha)</source>
      <translation>Gerealiseerd (ha)</translation>
    </message>
    <message>
      <source>Forecast date of the target</source>
      <translation>Verwachte datum van het doel</translation>
    </message>
    <message>
      <source>Why there is no forecast</source>
      <translation>Waarom er geen verwachting is</translation>
    </message>
    <message>
      <source>Progress report</source>
      <translation>Voortgangsrapport</translation>
    </message>
    <message>
      <source>Breakdown by</source>
      <translation>Uitsplitsen naar</translation>
    </message>
    <message>
      <source>Programme</source>
      <translation>Programma</translation>
    </message>
    <message>
      <source>Only elements of this programme; empty: all programmes.</source>
      <translation>Alleen elementen van dit programma; leeg: alle programma's.</translation>
    </message>
    <message>
      <source>Programme start</source>
      <translation>Start van het programma</translation>
    </message>
    <message>
      <source>Default: 1 January of the first planting year.</source>
      <translation>Standaard: 1 januari van het eerste jaar van aanleg.</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>Einddatum</translation>
    </message>
    <message>
      <source>Report at (default: today)</source>
      <translation>Stand op (standaard: vandaag)</translation>
    </message>
    <message>
      <source>Progress breakdown</source>
      <translation>Uitsplitsing van de voortgang</translation>
    </message>
    <message>
      <source>Import into the register</source>
      <translation>In het register importeren</translation>
    </message>
    <message>
      <source>Imports planned or planted landscape elements (lines, polygons or points) into the progress register, a GeoPackage or a PostgreSQL database. Fields named as in the register (element_type, status, planned, planted, checked, removed, programme, region, collectief, funding, note, id) are read without a mapping; map others in the advanced settings. Rows match register elements by id or by geometry and type, so the same batch again adds nothing. Rejected rows are listed with their feature id and the reason. Loaded into the project, the register is shown as in the register dock: read-only, with its value maps and constraints, styled by status.</source>
      <translation>Importeert geplande of aangelegde landschapselementen (lijnen, vlakken of punten) in het voortgangsregister, een GeoPackage of een PostgreSQL-database. Velden met de namen van het register (element_type, status, planned, planted, checked, removed, programme, region, collectief, funding, note, id) worden zonder koppeling gelezen; koppel andere in de geavanceerde instellingen. Rijen horen bij een element van het register door hun id of door geometrie en type, zodat dezelfde partij nog eens niets toevoegt. Afgewezen rijen staan in een lijst met hun object-id en de reden. In het project geladen toont het register zich als in het registerpaneel: alleen-lezen, met zijn waardelijsten en beperkingen, opgemaakt naar status.</translation>
    </message>
    <message>
      <source>Rows read</source>
      <translation>Gelezen rijen</translation>
    </message>
    <message>
      <source>Elements added</source>
      <translation>Toegevoegde elementen</translation>
    </message>
    <message>
      <source>Elements updated</source>
      <translation>Bijgewerkte elementen</translation>
    </message>
    <message>
      <source>Rows already in the register</source>
      <translation>Rijen al in het register</translation>
    </message>
    <message>
      <source>Rows rejected</source>
      <translation>Afgewezen rijen</translation>
    </message>
    <message>
      <source>Ignore the layer's id field (match by geometry and type)</source>
      <translation>Id-veld van de laag negeren (koppelen op geometrie en type)</translation>
    </message>
    <message>
      <source>Programme of rows that give none</source>
      <translation>Programma van rijen zonder programma</translation>
    </message>
    <message>
      <source>Status of rows that give none</source>
      <translation>Status van rijen zonder status</translation>
    </message>
    <message>
      <source>Who makes the change (default: your login name)</source>
      <translation>Wie de wijziging maakt (standaard: uw inlognaam)</translation>
    </message>
    <message>
      <source>Planned or planted elements</source>
      <translation>Geplande of aangelegde elementen</translation>
    </message>
    <message>
      <source>Import nothing when a row is rejected</source>
      <translation>Niets importeren als een rij wordt afgewezen</translation>
    </message>
    <message>
      <source>Rejected rows</source>
      <translation>Afgewezen rijen</translation>
    </message>
    <message>
      <source>Field for {field}</source>
      <translation>Veld voor {field}</translation>
    </message>
    <message>
      <source>Share of landscape elements in the rural area of each area (%), against the 2030 and 2050 targets, with the gap in ha. Lines count as strips of their width (width field, else the type's default), points with the type's default area; overlaps count once. Types are vocabulary codes or Dutch names, or mapped by a mapping file. Areas and lengths are measured in the working CRS (EPSG:28992 by default).</source>
      <translation>Aandeel landschapselementen in het landelijk gebied van elk gebied (%), ten opzichte van de doelen voor 2030 en 2050, met het tekort in ha. Lijnen tellen als strook van hun breedte (breedteveld, anders de standaardbreedte van het type), punten met de standaardoppervlakte van het type; overlap telt één keer. Typen zijn codes of Nederlandse namen uit de woordenlijst, of worden vertaald met een typevertaling. Oppervlakten en lengten worden gemeten in het reken-CRS (standaard EPSG:28992).</translation>
    </message>
    <message>
      <source>Share per area</source>
      <translation>Aandeel per gebied</translation>
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
      <source>2030 reading</source>
      <translation>Lezing doel 2030</translation>
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
      <source>Breakdown per element type</source>
      <translation>Uitsplitsing per elementtype</translation>
    </message>
    <message>
      <source>Ranks every natuurbouwsteen of the catalogue for a site (parcels or a farm polygon) with a fit score from 0 to 100 and the reasons, in Dutch and in English. A bouwsteen is excluded when no land of the site has a soil or wetness it needs, or when none of its positions (ditch bank, field edge, corner, middle of a parcel, farmyard) is on the site or large enough. Positions whose context layer is not given are not checked. Give soil and wetness for the whole site, or layers to take them from.</source>
      <translation>Rangschikt elke natuurbouwsteen uit de catalogus voor een plek (percelen of een bedrijfsvlak) met een score van 0 tot 100 en de redenen, in het Nederlands en het Engels. Een bouwsteen valt af als geen grond van de plek de bodem of vochttoestand heeft die hij vraagt, of als geen van zijn plaatsen (slootkant, perceelsrand, hoek, midden van een perceel, erf) op de plek ligt of groot genoeg is. Plaatsen waarvan de contextlaag ontbreekt, worden niet getoetst. Geef bodem en vochttoestand voor de hele plek, of lagen waaruit ze komen.</translation>
    </message>
    <message>
      <source>Suggest natuurbouwstenen</source>
      <translation>Natuurbouwstenen voorstellen</translation>
    </message>
    <message>
      <source>{n} of {total} natuurbouwstenen fit this site.</source>
      <translation>{n} van de {total} natuurbouwstenen passen op deze plek.</translation>
    </message>
    <message>
      <source>Natuurbouwstenen for this site</source>
      <translation>Natuurbouwstenen voor deze plek</translation>
    </message>
  </context>
  <context>
    <name>CatalogueDockBase</name>
    <message>
      <source>GBDA: natuurbouwstenen</source>
      <translation>GBDA: natuurbouwstenen</translation>
    </message>
    <message>
      <source>Catalogue</source>
      <translation>Catalogus</translation>
    </message>
    <message>
      <source>A province's own edition: a folder with one file per bouwsteen. Leave empty for the catalogue shipped with the plugin.</source>
      <translation>De eigen uitgave van een provincie: een map met één bestand per natuurbouwsteen. Leeg laten voor de catalogus die met de plugin meekomt.</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Laden</translation>
    </message>
    <message>
      <source>Filter</source>
      <translation>Filter</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>Groep</translation>
    </message>
    <message>
      <source>Soil</source>
      <translation>Bodem</translation>
    </message>
    <message>
      <source>Wetness</source>
      <translation>Vochttoestand</translation>
    </message>
    <message>
      <source>Position</source>
      <translation>Plaats</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Naam</translation>
    </message>
    <message>
      <source>part of the name</source>
      <translation>deel van de naam</translation>
    </message>
    <message>
      <source>Show all</source>
      <translation>Alles tonen</translation>
    </message>
  </context>
  <context>
    <name>PlanningDockBase</name>
    <message>
      <source>GBDA: plan parcels</source>
      <translation>GBDA: percelen inrichten</translation>
    </message>
    <message>
      <source>Site</source>
      <translation>Plek</translation>
    </message>
    <message>
      <source>Parcels</source>
      <translation>Percelen</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Laag</translation>
    </message>
    <message>
      <source>Field with parcel ids (empty: the feature ids)</source>
      <translation>Veld met perceelnummers (leeg: de object-id’s)</translation>
    </message>
    <message>
      <source>Id field</source>
      <translation>Id-veld</translation>
    </message>
    <message>
      <source>Selected features only</source>
      <translation>Alleen geselecteerde objecten</translation>
    </message>
    <message>
      <source>What lies in and around the parcels</source>
      <translation>Wat er in en rond de percelen ligt</translation>
    </message>
    <message>
      <source>Existing landscape elements</source>
      <translation>Bestaande landschapselementen</translation>
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
      <source>Soil and wetness</source>
      <translation>Bodem en vochttoestand</translation>
    </message>
    <message>
      <source>One soil for the whole site; it wins over a soil layer</source>
      <translation>Eén bodem voor de hele plek; gaat vóór een bodemlaag</translation>
    </message>
    <message>
      <source>Soil</source>
      <translation>Bodem</translation>
    </message>
    <message>
      <source>Soil layer</source>
      <translation>Bodemlaag</translation>
    </message>
    <message>
      <source>Empty: the field is found by its values</source>
      <translation>Leeg: het veld wordt aan de waarden herkend</translation>
    </message>
    <message>
      <source>Soil field</source>
      <translation>Bodemveld</translation>
    </message>
    <message>
      <source>One wetness for the fields of the site; it wins over a wetness layer</source>
      <translation>Eén vochttoestand voor de percelen van de plek; gaat vóór een vochtlaag</translation>
    </message>
    <message>
      <source>Wetness</source>
      <translation>Vochttoestand</translation>
    </message>
    <message>
      <source>Wetness layer</source>
      <translation>Vochtlaag</translation>
    </message>
    <message>
      <source>Wetness field</source>
      <translation>Vochtveld</translation>
    </message>
    <message>
      <source>Goals</source>
      <translation>Doelen</translation>
    </message>
    <message>
      <source>Goals (all must be met)</source>
      <translation>Doelen (alle moeten gehaald worden)</translation>
    </message>
    <message>
      <source>GBDA share</source>
      <translation>GBDA-aandeel</translation>
    </message>
    <message>
      <source> %</source>
      <translation> %</translation>
    </message>
    <message>
      <source>Woody share of the elements</source>
      <translation>Houtig aandeel van de elementen</translation>
    </message>
    <message>
      <source>New hedge</source>
      <translation>Nieuwe heg</translation>
    </message>
    <message>
      <source> m</source>
      <translation> m</translation>
    </message>
    <message>
      <source>Choice</source>
      <translation>Keuze</translation>
    </message>
    <message>
      <source>Objective</source>
      <translation>Doelfunctie</translation>
    </message>
    <message>
      <source>Budget (aanleg)</source>
      <translation>Budget (aanleg)</translation>
    </message>
    <message>
      <source> €</source>
      <translation> €</translation>
    </message>
    <message>
      <source>Years of yearly beheer counted in the cost objective</source>
      <translation>Jaren jaarlijks beheer die in de kosten meetellen</translation>
    </message>
    <message>
      <source>Years of beheer</source>
      <translation>Jaren beheer</translation>
    </message>
    <message>
      <source>A province's own edition (folder); empty: the shipped catalogue</source>
      <translation>De eigen uitgave van een provincie (map); leeg: de meegeleverde catalogus</translation>
    </message>
    <message>
      <source>Catalogue</source>
      <translation>Catalogus</translation>
    </message>
    <message>
      <source>A GeoPackage for the plan (layout, summary, goals, suggestions); empty: a memory layer</source>
      <translation>Een GeoPackage voor het plan (inrichting, samenvatting, doelen, suggesties); leeg: een tijdelijke laag</translation>
    </message>
    <message>
      <source>Save plan to</source>
      <translation>Plan opslaan in</translation>
    </message>
    <message>
      <source>Suggestions</source>
      <translation>Suggesties</translation>
    </message>
    <message>
      <source>Plan</source>
      <translation>Plan</translation>
    </message>
    <message>
      <source>Management calendar</source>
      <translation>Beheerkalender</translation>
    </message>
    <message>
      <source>Select parcels on the map, then press Suggest or Plan.</source>
      <translation>Selecteer percelen op de kaart en druk op Voorstellen of Plan.</translation>
    </message>
    <message>
      <source>Suggest</source>
      <translation>Voorstellen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
  </context>
  <context>
    <name>ProgressDockBase</name>
    <message>
      <source>GBDA: programme progress</source>
      <translation>GBDA: voortgang van het programma</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>A register GeoPackage (.gpkg)</source>
      <translation>Een register-GeoPackage (.gpkg)</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Bestand</translation>
    </message>
    <message>
      <source>A PostgreSQL connection instead of a file: the name of a connection in the Browser panel, service=NAME or postgresql://user@host/database (passwords belong in the saved connection or in ~/.pgpass)</source>
      <translation>Een PostgreSQL-verbinding in plaats van een bestand: de naam van een verbinding in het paneel Browser, service=NAAM of postgresql://gebruiker@host/database (wachtwoorden horen in de opgeslagen verbinding of in ~/.pgpass)</translation>
    </message>
    <message>
      <source>or PostgreSQL</source>
      <translation>of PostgreSQL</translation>
    </message>
    <message>
      <source>connection name, service=NAME or postgresql://…</source>
      <translation>verbindingsnaam, service=NAAM of postgresql://…</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>Schema</translation>
    </message>
    <message>
      <source>Programme</source>
      <translation>Programma</translation>
    </message>
    <message>
      <source>Only elements of this programme; (all) counts every element</source>
      <translation>Alleen elementen van dit programma; (alle) telt elk element</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>Doel</translation>
    </message>
    <message>
      <source> km</source>
      <translation> km</translation>
    </message>
    <message>
      <source>Deadline</source>
      <translation>Einddatum</translation>
    </message>
    <message>
      <source>The register's elements as they stood at the end of this day</source>
      <translation>De elementen van het register zoals ze aan het eind van deze dag stonden</translation>
    </message>
    <message>
      <source>Report at</source>
      <translation>Peildatum</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>Voortgang</translation>
    </message>
    <message>
      <source>Choose a register, then press Show.</source>
      <translation>Kies een register en druk op Tonen.</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Tonen</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuleren</translation>
    </message>
  </context>
  <context>
    <name>RegisterDockBase</name>
    <message>
      <source>GBDA: register</source>
      <translation>GBDA: register</translation>
    </message>
    <message>
      <source>Register</source>
      <translation>Register</translation>
    </message>
    <message>
      <source>A register GeoPackage (.gpkg)</source>
      <translation>Een register-GeoPackage (.gpkg)</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Bestand</translation>
    </message>
    <message>
      <source>A PostgreSQL connection instead of a file: the name of a connection in the Browser panel, service=NAME or postgresql://user@host/database (passwords belong in the saved connection or in ~/.pgpass)</source>
      <translation>Een PostgreSQL-verbinding in plaats van een bestand: de naam van een verbinding in het paneel Browser, service=NAAM of postgresql://gebruiker@host/database (wachtwoorden horen in de opgeslagen verbinding of in ~/.pgpass)</translation>
    </message>
    <message>
      <source>or PostgreSQL</source>
      <translation>of PostgreSQL</translation>
    </message>
    <message>
      <source>connection name, service=NAME or postgresql://…</source>
      <translation>verbindingsnaam, service=NAAM of postgresql://…</translation>
    </message>
    <message>
      <source>Schema</source>
      <translation>Schema</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Openen</translation>
    </message>
    <message>
      <source>Create new</source>
      <translation>Nieuw maken</translation>
    </message>
    <message>
      <source>Create the register (or upgrade an older one), then open it</source>
      <translation>Maak het register (of werk een ouder bij) en open het</translation>
    </message>
    <message>
      <source>Selected element</source>
      <translation>Geselecteerd element</translation>
    </message>
    <message>
      <source>Select one element of a register layer on the map.</source>
      <translation>Selecteer één element van een registerlaag op de kaart.</translation>
    </message>
    <message>
      <source>Set status…</source>
      <translation>Status wijzigen…</translation>
    </message>
    <message>
      <source>History (every change, oldest first)</source>
      <translation>Geschiedenis (elke wijziging, oudste eerst)</translation>
    </message>
    <message>
      <source>The register keeps every change. Its layers are read-only in QGIS: change an element's status here, import planned elements with the Processing toolbox or gbda register import.</source>
      <translation>Het register bewaart elke wijziging. De lagen zijn in QGIS alleen-lezen: wijzig hier de status van een element, en importeer geplande elementen met de Processing-toolbox of gbda register import.</translation>
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
      <source>Selected features only</source>
      <translation>Alleen geselecteerde objecten</translation>
    </message>
    <message>
      <source>A polygon layer that is the rural area, instead of the whole area minus the land left out below</source>
      <translation>Een vlakkenlaag die het landelijk gebied is, in plaats van het hele gebied min de grond die hieronder wordt weggelaten</translation>
    </message>
    <message>
      <source>Rural area</source>
      <translation>Landelijk gebied</translation>
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
  <context>
    <name>StatusDialogBase</name>
    <message>
      <source>GBDA: set status</source>
      <translation>GBDA: status wijzigen</translation>
    </message>
    <message>
      <source>Element</source>
      <translation>Element</translation>
    </message>
    <message>
      <source>Current status</source>
      <translation>Huidige status</translation>
    </message>
    <message>
      <source>New status</source>
      <translation>Nieuwe status</translation>
    </message>
    <message>
      <source>The day of the event: planted, checked or found gone</source>
      <translation>De dag van de gebeurtenis: aangelegd, gecontroleerd of verdwenen aangetroffen</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Datum</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Opmerking</translation>
    </message>
    <message>
      <source>leave empty to keep the note</source>
      <translation>leeg laten om de opmerking te houden</translation>
    </message>
  </context>
</TS>
