/**
 * British → American spellings, so "colour" and "color" score as the same word (Whisper's English normalizer does
 * the same with its `english.json` table). Written as families — a British stem, its American stem and the endings
 * both take — plus single pairs, and expanded once into `UK_TO_US`. Only the direction matters for scoring: both
 * sides are rewritten the same way, so a pair that is also valid American ("dialogue") does no harm.
 *
 * Left out on purpose: words whose British form is also a different American word in the same slot
 * ("analyses" is the plural of "analysis" as well as a verb), and "-ise" verbs that Americans spell "-ise" too
 * ("advise", "exercise", "surprise", "compromise").
 */

type Family = readonly [ukStem: string, usStem: string, endings: readonly string[]]

const VERB = ['', 's', 'ed', 'ing'] as const

/** "-our" → "-or": colour, favour, honour … with the endings each one really takes. */
// prettier-ignore
const OUR_FAMILIES: readonly Family[] = [
  ['colour', 'color', [...VERB, 'ful', 'fully', 'less', 'ation', 'ist', 'ists']],
  ['discolour', 'discolor', [...VERB, 'ation']],
  ['favour', 'favor', [...VERB, 'ite', 'ites', 'able', 'ably', 'itism']],
  ['unfavour', 'unfavor', ['able', 'ably']],
  ['honour', 'honor', [...VERB, 'able', 'ably', 'ary']],
  ['dishonour', 'dishonor', [...VERB, 'able', 'ably']],
  ['humour', 'humor', [...VERB, 'less']],
  ['labour', 'labor', [...VERB, 'er', 'ers']],
  ['neighbour', 'neighbor', ['', 's', 'ing', 'ly', 'hood', 'hoods']],
  ['behaviour', 'behavior', ['', 's', 'al', 'ally', 'ism']],
  ['misbehaviour', 'misbehavior', ['']],
  ['flavour', 'flavor', [...VERB, 'ful', 'less', 'ings']],
  ['harbour', 'harbor', VERB],
  ['rumour', 'rumor', ['', 's', 'ed']],
  ['vapour', 'vapor', ['', 's']],
  ['vigour', 'vigor', ['']],
  ['savour', 'savor', [...VERB, 'y']],
  ['splendour', 'splendor', ['', 's']],
  ['tumour', 'tumor', ['', 's']],
  ['armour', 'armor', ['', 'ed', 'y', 'er']],
  ['clamour', 'clamor', VERB],
  ['candour', 'candor', ['']],
  ['odour', 'odor', ['', 's', 'less']],
  ['rigour', 'rigor', ['']],
  ['ardour', 'ardor', ['']],
  ['valour', 'valor', ['']],
  ['endeavour', 'endeavor', VERB],
  ['fervour', 'fervor', ['']],
  ['parlour', 'parlor', ['', 's']],
  ['saviour', 'savior', ['', 's']],
  ['demeanour', 'demeanor', ['']],
  ['rancour', 'rancor', ['']],
  ['arbour', 'arbor', ['', 's']],
  ['glamour', 'glamor', ['']],
]

/** "-ise" → "-ize" verbs; each takes -ise, -ised, -ises, -ising, -isation and -isations. */
// prettier-ignore
const ISE_STEMS: readonly string[] = [
  'real', 'organ', 'recogn', 'apolog', 'critic', 'emphas', 'summar', 'priorit', 'special', 'final', 'minim', 'maxim',
  'util', 'memor', 'categor', 'character', 'author', 'custom', 'standard', 'normal', 'visual', 'civil', 'sympath',
  'modern', 'mobil', 'legal', 'stabil', 'symbol', 'familiar', 'hospital', 'jeopard', 'patron', 'scrutin', 'social',
  'theor', 'agon', 'fantas', 'harmon', 'idol', 'item', 'local', 'neutral', 'penal', 'public', 'terror', 'vapor',
  'econom', 'energ', 'global', 'computer', 'capital', 'central', 'colon', 'commercial', 'criminal', 'crystall',
  'decentral', 'democrat', 'demoral', 'dramat', 'equal', 'evangel', 'fertil', 'formal', 'fossil', 'galvan', 'general',
  'human', 'hypnot', 'ideal', 'immobil', 'immun', 'industrial', 'initial', 'internal', 'italic', 'liberal', 'magnet',
  'marginal', 'material', 'mechan', 'mesmer', 'metabol', 'moistur', 'monopol', 'moral', 'national', 'natural',
  'optim', 'ostrac', 'oxid', 'pasteur', 'personal', 'polar', 'popular', 'pressur', 'privat', 'pulver', 'radical',
  'rational', 'revolution', 'romantic', 'sanit', 'satir', 'scandal', 'sensit', 'serial', 'steril', 'stigmat',
  'subsid', 'synchron', 'synthes', 'tantal', 'tender', 'traumat', 'trivial', 'tyrann', 'union', 'urban', 'vandal',
  'verbal', 'victim', 'vocal', 'western', 'antagon', 'baptis', 'empath', 'glamor', 'homogen', 'legitim', 'lion',
  'memorial', 'philosoph', 'plagiar', 'proselyt', 'digit', 'monet', 'motor', 'accessor', 'caramel', 'cannibal',
  'carbon', 'decriminal', 'desensit', 'dehuman', 'destabil', 'tranquil', 'bapt', 'anglic', 'vulcan',
]

/** "-iser" nouns that are common words. */
// prettier-ignore
const ISER_STEMS: readonly string[] = [
  'organ', 'fertil', 'moistur', 'synthes', 'sanit', 'equal', 'stabil', 'atom', 'appet', 'woman', 'steril',
  'tender', 'vapor', 'neutral', 'custom',
]

/** "-yse" → "-yze". "analyses" is left out: it is also the plural of "analysis". */
// prettier-ignore
const YSE_FAMILIES: readonly Family[] = [
  ['analys', 'analyz', ['e', 'ed', 'ing', 'er', 'ers']],
  ['paralys', 'paralyz', ['e', 'ed', 'es', 'ing']],
  ['catalys', 'catalyz', ['e', 'ed', 'es', 'ing']],
  ['breathalys', 'breathalyz', ['e', 'ed', 'er', 'ers']],
  ['dialys', 'dialyz', ['e', 'ed']],
  ['hydrolys', 'hydrolyz', ['e', 'ed']],
]

/** "-re" → "-er". */
// prettier-ignore
const RE_FAMILIES: readonly Family[] = [
  ['centre', 'center', ['', 's', 'd']],
  ['centring', 'centering', ['']],
  ['theatre', 'theater', ['', 's', 'goer', 'goers']],
  ['metre', 'meter', ['', 's']],
  ['kilometre', 'kilometer', ['', 's']],
  ['centimetre', 'centimeter', ['', 's']],
  ['millimetre', 'millimeter', ['', 's']],
  ['litre', 'liter', ['', 's']],
  ['millilitre', 'milliliter', ['', 's']],
  ['fibre', 'fiber', ['', 's', 'glass']],
  ['calibre', 'caliber', ['']],
  ['spectre', 'specter', ['', 's']],
  ['sombre', 'somber', ['', 'ly']],
  ['lustre', 'luster', ['']],
  ['lacklustre', 'lackluster', ['']],
  ['meagre', 'meager', ['']],
  ['sabre', 'saber', ['', 's']],
  ['sceptre', 'scepter', ['']],
  ['ochre', 'ocher', ['']],
  ['mitre', 'miter', ['']],
  ['goitre', 'goiter', ['']],
  ['manoeuvre', 'maneuver', ['', 's', 'd']],
  ['manoeuvring', 'maneuvering', ['']],
  ['manoeuvrable', 'maneuverable', ['']],
]

/** Doubled "l" before an ending, and the single "l" of "enrol", "fulfil", "skilful". */
// prettier-ignore
const L_FAMILIES: readonly Family[] = [
  ['travell', 'travel', ['ed', 'ing', 'er', 'ers']],
  ['cancell', 'cancel', ['ed', 'ing']],
  ['labell', 'label', ['ed', 'ing']],
  ['modell', 'model', ['ed', 'ing']],
  ['fuell', 'fuel', ['ed', 'ing']],
  ['levell', 'level', ['ed', 'ing']],
  ['quarrell', 'quarrel', ['ed', 'ing']],
  ['signall', 'signal', ['ed', 'ing']],
  ['diall', 'dial', ['ed', 'ing']],
  ['totall', 'total', ['ed', 'ing']],
  ['channell', 'channel', ['ed', 'ing']],
  ['tunnell', 'tunnel', ['ed', 'ing']],
  ['equall', 'equal', ['ed', 'ing']],
  ['rivall', 'rival', ['ed', 'ing']],
  ['shovell', 'shovel', ['ed', 'ing']],
  ['grovell', 'grovel', ['ed', 'ing']],
  ['pedall', 'pedal', ['ed', 'ing']],
  ['pencill', 'pencil', ['ed', 'ing']],
  ['marshall', 'marshal', ['ed', 'ing']],
  ['panell', 'panel', ['ed', 'ing']],
  ['duell', 'duel', ['ed', 'ing']],
  ['snorkell', 'snorkel', ['ed', 'ing']],
  ['counsell', 'counsel', ['ed', 'ing', 'or', 'ors']],
  ['councill', 'council', ['or', 'ors']],
  ['jewell', 'jewel', ['er', 'ers', 'ery']],
  ['marvell', 'marvel', ['ed', 'ing', 'ous', 'ously']],
  ['libell', 'libel', ['ed', 'ing', 'ous']],
  ['woollen', 'woolen', ['', 's']],
  ['enrol', 'enroll', ['', 's', 'ment', 'ments']],
  ['fulfil', 'fulfill', ['', 's', 'ment']],
  ['instil', 'instill', ['', 's']],
  ['distil', 'distill', ['', 's']],
  ['instal', 'install', ['ment', 'ments']],
  ['appal', 'appall', ['', 's']],
  ['skilful', 'skillful', ['', 'ly']],
  ['wilful', 'willful', ['', 'ly']],
  ['tranquillis', 'tranquiliz', ['e', 'ed', 'er', 'ers', 'ing']],
  ['focuss', 'focus', ['ed', 'ing', 'es']],
  ['benefitt', 'benefit', ['ed', 'ing']],
  ['worshipp', 'worship', ['ed', 'ing', 'er', 'ers']],
]

/** Latin and Greek "ae" and "oe" simplified. */
// prettier-ignore
const AE_OE_FAMILIES: readonly Family[] = [
  ['encyclopaedi', 'encyclopedi', ['a', 'as', 'c']],
  ['paediatric', 'pediatric', ['', 's']],
  ['paediatrician', 'pediatrician', ['', 's']],
  ['anaemi', 'anemi', ['a', 'c']],
  ['anaesthe', 'anesthe', ['tic', 'tics', 'sia', 'tist', 'tists', 'tize', 'tise']],
  ['oestrogen', 'estrogen', ['']],
  ['foet', 'fet', ['us', 'uses', 'al']],
  ['orthopaedic', 'orthopedic', ['', 's']],
  ['haemorrhag', 'hemorrhag', ['e', 'es', 'ing']],
  ['haemoglobin', 'hemoglobin', ['']],
  ['haemophilia', 'hemophilia', ['']],
  ['haematolog', 'hematolog', ['y', 'ist']],
  ['leukaemia', 'leukemia', ['']],
  ['diarrhoea', 'diarrhea', ['']],
  ['oesophag', 'esophag', ['us', 'eal']],
  ['mediaeval', 'medieval', ['']],
  ['palaeontolog', 'paleontolog', ['y', 'ist', 'ists']],
  ['gynaecolog', 'gynecolog', ['y', 'ist', 'ists', 'ical']],
  ['homoeopath', 'homeopath', ['', 'y', 'ic']],
  ['caesarean', 'cesarean', ['']],
]

/** The rest, pair by pair. */
// prettier-ignore
const PAIRS: readonly (readonly [uk: string, us: string])[] = [
  ['grey', 'gray'], ['greys', 'grays'], ['greyer', 'grayer'], ['greyish', 'grayish'], ['greying', 'graying'],
  ['tyre', 'tire'], ['tyres', 'tires'], ['kerb', 'curb'], ['kerbs', 'curbs'], ['kerbside', 'curbside'],
  ['plough', 'plow'], ['ploughs', 'plows'], ['ploughed', 'plowed'], ['ploughing', 'plowing'],
  ['programme', 'program'], ['programmes', 'programs'], ['cheque', 'check'], ['cheques', 'checks'],
  ['chequebook', 'checkbook'], ['chequered', 'checkered'], ['aluminium', 'aluminum'], ['mould', 'mold'],
  ['moulds', 'molds'], ['mouldy', 'moldy'], ['moulded', 'molded'], ['moulding', 'molding'], ['moult', 'molt'],
  ['smoulder', 'smolder'], ['smouldering', 'smoldering'], ['moustache', 'mustache'], ['moustaches', 'mustaches'],
  ['pyjamas', 'pajamas'], ['pyjama', 'pajama'], ['sceptic', 'skeptic'], ['sceptics', 'skeptics'],
  ['sceptical', 'skeptical'], ['scepticism', 'skepticism'], ['storey', 'story'], ['storeys', 'stories'],
  ['draught', 'draft'], ['draughts', 'drafts'], ['draughty', 'drafty'], ['gaol', 'jail'], ['gaols', 'jails'],
  ['aeroplane', 'airplane'], ['aeroplanes', 'airplanes'], ['ageing', 'aging'], ['judgement', 'judgment'],
  ['judgements', 'judgments'], ['acknowledgement', 'acknowledgment'], ['acknowledgements', 'acknowledgments'],
  ['cosy', 'cozy'], ['cosier', 'cozier'], ['cosiness', 'coziness'], ['practise', 'practice'],
  ['practised', 'practiced'], ['practises', 'practices'], ['practising', 'practicing'], ['licence', 'license'],
  ['licences', 'licenses'], ['defence', 'defense'], ['defences', 'defenses'], ['offence', 'offense'],
  ['offences', 'offenses'], ['pretence', 'pretense'], ['speciality', 'specialty'], ['specialities', 'specialties'],
  ['catalogue', 'catalog'], ['catalogues', 'catalogs'], ['catalogued', 'cataloged'], ['analogue', 'analog'],
  ['dialogue', 'dialog'], ['dialogues', 'dialogs'], ['doughnut', 'donut'], ['doughnuts', 'donuts'],
  ['learnt', 'learned'], ['spelt', 'spelled'], ['dreamt', 'dreamed'], ['burnt', 'burned'], ['spoilt', 'spoiled'],
  ['leapt', 'leaped'], ['spilt', 'spilled'], ['artefact', 'artifact'], ['artefacts', 'artifacts'],
  ['sulphur', 'sulfur'], ['sulphate', 'sulfate'], ['sulphuric', 'sulfuric'], ['yoghurt', 'yogurt'],
  ['yoghurts', 'yogurts'], ['omelette', 'omelet'], ['omelettes', 'omelets'], ['sizeable', 'sizable'],
  ['likeable', 'likable'], ['loveable', 'lovable'], ['moveable', 'movable'], ['unshakeable', 'unshakable'],
  ['carburettor', 'carburetor'], ['mollusc', 'mollusk'], ['molluscs', 'mollusks'], ['titbit', 'tidbit'],
  ['titbits', 'tidbits'], ['waggon', 'wagon'], ['pedlar', 'peddler'], ['jewellery', 'jewelry'],
  ['enquire', 'inquire'], ['enquired', 'inquired'], ['enquiry', 'inquiry'], ['enquiries', 'inquiries'],
  ['kilogramme', 'kilogram'], ['kilogrammes', 'kilograms'], ['gramme', 'gram'], ['grammes', 'grams'],
  ['oestrus', 'estrus'], ['pernickety', 'persnickety'], ['storeyed', 'storied'], ['routeing', 'routing'],
  ['tranquillity', 'tranquility'],
]

function expandFamilies(families: readonly Family[]): [string, string][] {
  return families.flatMap(([uk, us, endings]) => endings.map((ending): [string, string] => [uk + ending, us + ending]))
}

const ISE_ENDINGS = ['e', 'ed', 'es', 'ing', 'ation', 'ations'] as const

/** Every British spelling and its American one; pairs that would not change a word are dropped. */
export const UK_TO_US: ReadonlyMap<string, string> = new Map(
  [
    ...expandFamilies(OUR_FAMILIES),
    ...ISE_STEMS.flatMap((stem) =>
      ISE_ENDINGS.map((ending): [string, string] => [`${stem}is${ending}`, `${stem}iz${ending}`]),
    ),
    ...ISER_STEMS.flatMap((stem) =>
      ['er', 'ers'].map((ending): [string, string] => [`${stem}is${ending}`, `${stem}iz${ending}`]),
    ),
    ...expandFamilies(YSE_FAMILIES),
    ...expandFamilies(RE_FAMILIES),
    ...expandFamilies(L_FAMILIES),
    ...expandFamilies(AE_OE_FAMILIES),
    ...PAIRS,
  ].filter(([uk, us]) => uk !== us),
)
